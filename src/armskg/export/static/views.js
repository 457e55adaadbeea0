/* armskg's browser views: what the map through time and the network share (src/armskg/export/static/views.js).
   The controls (treaty, date slider and play, region, state search), status on a date, the state's panel,
   the legend, the table that is the map's text alternative, and the view's state in the URL hash
   (#treaty=apmbc&date=2026-01-10&state=FIN&region=europe). The data comes from armskg.export.viewdata;
   statuses, labels and colours from the status table (armskg.vocab). No network: nothing is fetched. */
"use strict";
const ArmskgView = (function () {
  const DAY = 86400000;
  const toDays = (iso) => Math.round(Date.parse(iso + "T00:00:00Z") / DAY);
  const toIso = (days) => new Date(days * DAY).toISOString().slice(0, 10);
  const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  }

  function swatch(colour, code) {  // striped statuses get their stripes from the page's style (mapview.status_css)
    return `<span class="swatch" data-status="${escapeHtml(code || "")}" style="background-color:${escapeHtml(colour)}" aria-hidden="true"></span>`;
  }

  function init(D, options) {
    const statuses = D.statuses.treaty, colour = Object.create(null), meaning = Object.create(null), bound = Object.create(null);
    const broader = Object.create(null);  // the status each is a kind of: withdrawing is party (skos:broader)
    for (const [code, , means, hex, member, kind] of statuses) {
      colour[code] = hex; meaning[code] = means; bound[code] = member; broader[code] = kind;
    }
    for (const [code, , means, hex] of D.statuses.membership) { colour["m:" + code] = hex; meaning["m:" + code] = means; }
    const n = D.states.length;
    const spans = D.states.map(() => D.treaties.map(() => []));
    for (const [s, t, status, start, end, act] of D.intervals) spans[s][t].push({status, start, end, act});
    const actsOf = D.states.map(() => []);
    D.acts.forEach((act, i) => actsOf[act[0]].push(i));
    const orgsOf = D.states.map(() => []);
    for (const m of D.memberships) orgsOf[m[0]].push(m);
    const byIso3 = new Map(D.states.map((s, i) => [s[2], i]));
    const byCode = new Map(D.treaties.map((t, i) => [t[1], i]));
    const first = toDays(D.first), last = toDays(D.last);

    const el = (id) => document.getElementById(id);
    const treatySelect = el("treaty"), slider = el("date-slider"), dateInput = el("date-input");
    const play = el("play"), regionSelect = el("region"), search = el("search"), panel = el("panel");
    const view = {treaty: Math.max(0, byCode.has("apmbc") ? byCode.get("apmbc") : 0), day: toDays(D.asOf), state: -1,
                  region: "world"};

    function statusOn(s, t, iso) {
      for (const span of spans[s][t]) {
        if (span.start <= iso && (span.end === "" || iso < span.end)) return span;
      }
      return {status: D.treaties[t][3], start: "", end: "", act: -1};  // the record's fallback (status.py)
    }
    const iso = () => toIso(view.day);

    // Controls, filled from the data.
    treatySelect.innerHTML = D.treaties.map(([, code, label], t) =>
      `<option value="${t}">${escapeHtml(label)} (${escapeHtml(code)})</option>`).join("");
    el("state-names").innerHTML = D.states.map(([, label, iso3]) =>
      `<option value="${escapeHtml(label)}">${escapeHtml(iso3)}</option>`).join("");
    slider.min = String(first); slider.max = String(last);
    dateInput.min = D.first; dateInput.max = D.last;

    function readHash() {
      const params = new URLSearchParams(location.hash.replace(/^#/, ""));
      const code = params.get("treaty"), date = params.get("date"), state = params.get("state");
      const region = params.get("region");
      if (code && byCode.has(code)) view.treaty = byCode.get(code);
      if (date && ISO_DATE.test(date) && !Number.isNaN(Date.parse(date))) {
        view.day = Math.min(last, Math.max(first, toDays(date)));
      }
      view.state = state && byIso3.has(state.toUpperCase()) ? byIso3.get(state.toUpperCase()) : -1;
      // own keys only: "constructor" or "__proto__" are "in" every object, and broke the page
      if (region && options.regions && Object.hasOwn(options.regions, region)) view.region = region;
    }

    function writeHash() {
      const params = new URLSearchParams({treaty: D.treaties[view.treaty][1], date: iso()});
      if (view.state >= 0) params.set("state", D.states[view.state][2]);
      if (view.region !== "world") params.set("region", view.region);
      const hash = "#" + params.toString();
      if (location.hash !== hash) history.replaceState(null, "", hash);
    }

    function tally(t, day) {
      const counts = {};
      for (let s = 0; s < n; s++) { const st = statusOn(s, t, day).status; counts[st] = (counts[st] || 0) + 1; }
      return counts;
    }

    function legend(counts) {
      el("legend").innerHTML = statuses.filter(([code]) => counts[code]).map(([code, label, means, hex]) =>
        `<span title="${escapeHtml(means)}">${swatch(hex, code)}${escapeHtml(label)} <b>${counts[code]}</b></span>`).join("");
    }

    function table(t, day) {
      const rows = D.states.map(([, label, iso3], s) => [label, iso3, statusOn(s, t, day), s])
        .sort((a, b) => a[0].localeCompare(b[0]));
      el("table-caption").textContent = `Every state's status towards the ${D.treaties[t][2]} on ${day}`;
      el("status-rows").innerHTML = rows.map(([label, iso3, span, s]) =>
        `<tr><td><button type="button" class="link" data-state="${s}">${escapeHtml(label)}</button></td>` +
        `<td>${escapeHtml(iso3)}</td><td>${swatch(colour[span.status] || "#999", span.status)}${escapeHtml(span.status)}</td>` +
        `<td>${escapeHtml(span.start)}</td></tr>`).join("");
    }

    function sourceList(refs, numbers, cited) {
      return refs.map((r) => {
        if (!numbers.has(r)) { numbers.set(r, cited.length + 1); cited.push(r); }
        return `<a href="#src-${numbers.get(r)}" class="ref">[${numbers.get(r)}]</a>`;
      }).join("");
    }

    function actText(act) {
      const [, , action, date, effective, cn, note, pending] = act;
      const parts = [escapeHtml(action)];
      if (effective && effective !== date) parts.push(`effective ${escapeHtml(effective)}`);
      if (cn) parts.push(`depositary notification ${escapeHtml(cn)}`);
      if (pending) parts.push(`effect pending: ${escapeHtml(pending)}`);
      if (note) parts.push(`<span class="muted">${escapeHtml(note)}</span>`);
      return parts.join("; ");
    }

    function panelHtml(s, day) {
      const [iri, label, iso3] = D.states[s];
      const treatyRows = D.treaties.map(([, code, tlabel], t) => {
        const span = statusOn(s, t, day);
        return `<tr><td title="${escapeHtml(tlabel)}">${escapeHtml(code)}</td>` +
          `<td>${swatch(colour[span.status] || "#999", span.status)}${escapeHtml(span.status)}</td>` +
          `<td>${span.start ? "since " + escapeHtml(span.start) : ""}</td></tr>`;
      }).join("");
      // the membership status on the day (member, frozen, withdrawn, not recorded), as derived: one row per status interval
      const orgRows = orgsOf[s].filter((m) => m[4] <= day && (m[5] === "" || day < m[5])).map((m) =>
        `<tr><td>${escapeHtml(m[3])}</td><td>${escapeHtml(m[6])}</td><td>since ${escapeHtml(m[4])}</td></tr>`).join("");
      const numbers = new Map(), cited = [];
      let current = -1;
      const actRows = actsOf[s].map((i) => {
        const act = D.acts[i];
        const head = act[1] !== current ? `<tr><th colspan="2">${escapeHtml(D.treaties[act[1]][2])}</th></tr>` : "";
        current = act[1];
        return head + `<tr><td>${escapeHtml(act[3] || "undated")}</td><td>${actText(act)} ${sourceList(act[8], numbers, cited)}</td></tr>`;
      }).join("");
      const sources = cited.map((r, i) => {
        const [title, publisher, url, published] = D.sources[r];
        const name = /^https?:\/\//i.test(url || "") ? `<a href="${escapeHtml(url)}" rel="noopener">${escapeHtml(title)}</a>` : escapeHtml(title);
        return `<li id="src-${i + 1}">${name}${publisher ? ". " + escapeHtml(publisher) : ""}${published ? ", " + escapeHtml(published) : ""}</li>`;
      }).join("");
      const page = options.pageLink ? options.pageLink(iri, iso3) : iri;
      return `<h2>${escapeHtml(label)} <span class="muted">${escapeHtml(iso3)}</span></h2>
        <p class="muted"><a href="${escapeHtml(page)}">${escapeHtml(iri)}</a></p>
        <h3>Status on ${escapeHtml(day)}</h3><table class="status">${treatyRows}</table>
        <h3>Alliances and unions on ${escapeHtml(day)}</h3>
        <table>${orgRows || '<tr><td class="muted">none recorded</td></tr>'}</table>
        <h3>Acts</h3><table class="acts">${actRows || '<tr><td class="muted">no act recorded</td></tr>'}</table>
        <h3>Sources</h3><ol class="sources">${sources || '<li class="muted">none</li>'}</ol>`;
    }

    function hover(s) {
      const span = statusOn(s, view.treaty, iso());
      const since = span.start ? ` since ${span.start}` : "";
      return `${D.states[s][1]} (${D.states[s][2]}): ${span.status}${since}`;
    }

    function update() {
      const day = iso();
      slider.value = String(view.day);
      slider.setAttribute("aria-valuetext", day);
      dateInput.value = day;
      el("date-label").textContent = day;
      treatySelect.value = String(view.treaty);
      if (regionSelect) regionSelect.value = view.region;
      legend(tally(view.treaty, day));
      table(view.treaty, day);
      if (view.state >= 0) panel.innerHTML = panelHtml(view.state, day);
      else panel.innerHTML = '<p class="muted">Click a state (or pick it in the table or the search box) for its status towards every treaty on the date, its acts and their sources.</p>';
      writeHash();
      return options.draw(view, (s) => statusOn(s, view.treaty, day), day);
    }

    function setDay(day) { view.day = Math.min(last, Math.max(first, day)); return update(); }
    function select(s) { view.state = s; return update(); }

    treatySelect.addEventListener("change", () => { view.treaty = Number(treatySelect.value); update(); });
    slider.addEventListener("input", () => setDay(Number(slider.value)));
    dateInput.addEventListener("change", () => { if (ISO_DATE.test(dateInput.value)) setDay(toDays(dateInput.value)); });
    if (regionSelect) regionSelect.addEventListener("change", () => { view.region = regionSelect.value; update(); });
    search.addEventListener("change", () => {
      const key = search.value.trim().toLowerCase();
      const s = D.states.findIndex(([, label, iso3]) => label.toLowerCase() === key || iso3.toLowerCase() === key);
      if (s >= 0) select(s);
    });
    el("status-rows").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-state]");
      if (button) { select(Number(button.dataset.state)); panel.focus(); }  // the table is redrawn: focus the answer
    });
    let timer = null;
    function stop() { clearInterval(timer); timer = null; play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); }
    play.addEventListener("click", () => {
      if (timer) { stop(); return; }
      if (view.day >= last) view.day = first;
      play.textContent = "Pause"; play.setAttribute("aria-pressed", "true");
      timer = setInterval(() => { if (view.day >= last) stop(); else setDay(view.day + 30); }, 150);
    });
    window.addEventListener("hashchange", () => { readHash(); update(); });
    readHash();
    return {update, select, bound, broader, setDay: (text) => setDay(toDays(text)), statusOn, hover, view, iso, toIso,
            setTreaty: (code) => { view.treaty = byCode.get(code); return update(); }, byIso3,
            counts: () => tally(view.treaty, iso())};
  }

  return {init, escapeHtml};
})();
