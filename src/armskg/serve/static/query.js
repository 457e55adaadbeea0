/* armskg serve's query page (src/armskg/serve/static/query.js): the named queries as forms, their answers
   as a table with labels, a map (an iso3 column) and a chart (a year column), a link to share and
   downloads; the SPARQL editor (YASGUI) with the prefixes declared and the named queries as examples.
   Every request goes to this server. */
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("armskg-offers").textContent);
  const el = (id) => document.getElementById(id);
  const esc = (text) => String(text).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const queries = new Map(D.queries.map((q) => [q.name, q]));
  const colour = Object.create(null);  // a value such as "constructor" finds no colour
  for (const [code, , , hex] of D.statuses.treaty) colour[code] = hex;
  const today = new Date().toISOString().slice(0, 10);
  const select = el("query-name"), params = el("query-params");
  select.innerHTML = D.queries.map((q) => `<option value="${esc(q.name)}">${esc(q.name)}</option>`).join("");
  el("example").innerHTML += D.queries.map((q) => `<option value="${esc(q.name)}">${esc(q.name)}: ${esc(q.summary)}</option>`).join("");
  const lists = Object.entries(D.names).map(([kind, rows]) => `<datalist id="names-${kind}">` +
    rows.map(([code, label]) => `<option value="${esc(code)}">${esc(label)}</option>`).join("") + "</datalist>").join("");
  document.body.insertAdjacentHTML("beforeend", lists);

  function field(p, value) {
    const id = `param-${p.name}`, optional = p.required ? "" : " (optional)";
    const label = `${esc(p.name.replace("_", " "))}${optional}`;
    if (p.type === "date") {
      const v = value || (p.default === "today" ? today : p.default);
      // A date box drops a value that is no day ("2025-6-1", "2025-13-45" from a link), and the answer would be
      // today's: such a value is kept as typed, for the server to refuse in one line.
      const day = !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v);
      return `<label for="${id}">${label}<input id="${id}" name="${esc(p.name)}" type="${day ? "date" : "text"}" value="${esc(v)}"></label>`;
    }
    if (p.type === "state") {  // typed, with the graph's names offered: an ISO code or a name
      return `<label for="${id}">${label}<input id="${id}" name="${esc(p.name)}" list="names-state" value="${esc(value)}" autocomplete="off" placeholder="ISO code or name"></label>`;
    }
    const rows = D.names[p.type] || [];
    const none = p.required ? "" : '<option value="">(any)</option>';
    // A value that is no code offered (an alias from a link, "ottawa"; or a name the graph lacks) is kept as
    // given, for the server to resolve or refuse: a select left alone would ask about its first option instead.
    const given = value && !rows.some(([code]) => code === value) ? `<option value="${esc(value)}" selected>${esc(value)}</option>` : "";
    return `<label for="${id}">${label}<select id="${id}" name="${esc(p.name)}">${none}${given}` +
      rows.map(([code, name]) => `<option value="${esc(code)}"${code === value ? " selected" : ""}>${esc(name)} (${esc(code)})</option>`).join("") +
      "</select></label>";
  }

  function showForm(name, values) {
    const q = queries.get(name);
    select.value = name;
    el("query-summary").textContent = q.summary;
    params.innerHTML = q.params.map((p) => field(p, values[p.name] !== undefined ? values[p.name] : (q.example[p.name] || ""))).join("");
  }

  function formValues() {
    const values = new URLSearchParams();
    for (const input of params.querySelectorAll("input, select")) if (input.value) values.set(input.name, input.value.trim());
    return values;
  }

  function cell(column, term, row) {
    if (!term) return "";
    const value = term.value;
    if (column === "label" && row.iso3) return `<a href="id/state/${encodeURIComponent(row.iso3.value)}">${esc(value)}</a>`;
    if (column === "treaty" && /^[a-z0-9-]+$/.test(value)) return `<a href="id/treaty/${esc(value)}">${esc(value)}</a>`;
    if (column === "status" && colour[value]) return `<span class="swatch" style="background:${colour[value]}"></span>${esc(value)}`;
    if (term.type === "uri") {
      const local = value.startsWith("https://w3id.org/armskg/id/") ? "id/" + value.slice(27) : value;
      return `<a href="${esc(local)}">${esc(value.replace("https://w3id.org/armskg/id/", ""))}</a>`;
    }
    return esc(value);
  }

  let shapes = null;
  async function drawMap(rows) {
    if (!shapes) shapes = await (await fetch("views/shapes.json")).json();
    const held = new Map(rows.map((r) => [r.iso3.value, r.status ? r.status.value : "in the answer"]));
    const fillOf = (s) => (s === "in the answer" ? colour.party : colour[s] || "#999");
    const [x0, y0, x1, y1] = shapes.frame;
    const groups = Object.entries(shapes.states).map(([iso3, [d, circle]]) => {
      const status = held.get(iso3), fill = status ? fillOf(status) : "#e3e3e3";
      const title = `${shapes.labels[iso3] || iso3}${status ? ": " + status : ""}`;
      const dot = circle ? `<circle cx="${circle[0]}" cy="${circle[1]}" r="${circle[2]}"/>` : "";
      return `<g data-iso3="${esc(iso3)}" fill="${fill}" stroke="#fff" stroke-width=".5"><title>${esc(title)}</title><path d="${d}"/>${dot}</g>`;
    }).join("");
    const kinds = Array.from(new Set(held.values()));
    el("answer-map").innerHTML = `<p>${kinds.map((k) => `<span class="swatch" style="background:${fillOf(k)}"></span>${esc(k)} `).join(" ")}` +
      `<span class="swatch" style="background:#e3e3e3"></span>not in the answer</p>` +
      `<svg viewBox="${x0} ${y0} ${x1 - x0} ${y1 - y0}" role="img" aria-label="The answer's states on the world map (the table below lists them)">` +
      `<g fill="#f2f2f2">${shapes.other.map((d) => `<path d="${d}"/>`).join("")}</g>${groups}</svg>`;
  }

  function drawChart(columns, rows) {
    const value = columns.find((c) => c !== "year" && rows.every((r) => r[c] && !Number.isNaN(Number(r[c].value))));
    if (!value || !rows.length) return;
    const points = rows.map((r) => [Number(r.year.value), Number(r[value].value)]);
    const [w, h, pad] = [640, 220, 36], xs = points.map((p) => p[0]), top = Math.max(1, ...points.map((p) => p[1]));
    const x0 = Math.min(...xs), x1 = Math.max(x0 + 1, ...xs);
    const at = ([x, y]) => `${(pad + (x - x0) * (w - 2 * pad) / (x1 - x0)).toFixed(1)},${(h - pad - y * (h - 2 * pad) / top).toFixed(1)}`;
    const step = Math.max(1, Math.round((x1 - x0) / 6));
    const ticks = points.filter(([x]) => (x - x0) % step === 0).map(([x]) =>
      `<text x="${at([x, 0]).split(",")[0]}" y="${h - 12}" text-anchor="middle" font-size="11">${x}</text>`).join("");
    el("answer-chart").innerHTML = `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(value)} by year (the table below has the numbers)">` +
      `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/><text x="${pad}" y="${pad - 12}" font-size="11">${top}</text>` +
      `<polyline fill="none" stroke="${colour.party}" stroke-width="2" points="${points.map(at).join(" ")}"/>${ticks}</svg>`;
  }

  async function answer(name, values) {
    const path = `queries/${encodeURIComponent(name)}?${values.toString()}`;
    for (const id of ["answer-meta", "answer-map", "answer-chart", "answer-table"]) el(id).innerHTML = "";
    el("answer-meta").innerHTML = '<span class="muted">asking…</span>';
    delete document.body.dataset.answered;
    const response = await fetch(path + (values.toString() ? "&" : "") + "format=json", {headers: {Accept: "application/sparql-results+json"}});
    if (!response.ok) {
      el("answer-meta").innerHTML = `<p class="error" role="alert">${esc(await response.text())}</p>`;
      document.body.dataset.answered = "error";
      return;
    }
    const data = await response.json();
    const columns = data.head.vars, rows = data.results.bindings;
    // what a reader must know to cite the answer (the treaty's record read before the date asked about)
    const notes = JSON.parse(response.headers.get("Armskg-Notes") || "[]");
    history.replaceState(null, "", "#" + new URLSearchParams({ask: name, ...Object.fromEntries(values)}).toString());
    const sep = values.toString() ? "&" : "";
    el("answer-meta").innerHTML = `<strong>${rows.length} row(s)</strong>` +
      `<a href="${esc(location.href)}" id="share">link to this answer</a>` +
      `<a href="${esc(path + sep)}format=csv" download="${esc(name)}.csv">CSV</a>` +
      `<a href="${esc(path + sep)}format=json" download="${esc(name)}.json">JSON</a>` +
      notes.map((n) => `<p class="note" role="note">Note: ${esc(n)}</p>`).join("");
    el("answer-table").innerHTML = `<table id="answer-rows"><caption>${esc(name)}: ${esc(queries.get(name).summary)}</caption>` +
      `<thead><tr>${columns.map((c) => `<th scope="col">${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
      rows.map((r) => `<tr>${columns.map((c) => `<td>${cell(c, r[c], r)}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
    if (columns.includes("year")) drawChart(columns, rows);
    if (columns.includes("iso3") && rows.length) await drawMap(rows.filter((r) => r.iso3));
    document.body.dataset.answered = "true";
  }

  select.addEventListener("change", () => showForm(select.value, {}));
  el("ask").addEventListener("submit", (event) => { event.preventDefault(); answer(select.value, formValues()); });

  function fromHash() {
    const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
    const name = hash.get("ask");
    if (!name || !queries.has(name)) return false;
    hash.delete("ask");
    showForm(name, Object.fromEntries(hash));
    answer(name, formValues());
    return true;
  }
  window.addEventListener("hashchange", fromHash);  // a link opened on this page
  if (!fromHash()) showForm(queries.has("parties-bordering") ? "parties-bordering" : D.queries[0].name, {});

  // The SPARQL editor: YASGUI, served from this server; its queries go to this server's endpoint.
  if (window.Yasgui) {
    const endpoint = new URL("sparql", location.href).href;
    const start = D.prefixes + "\nSELECT ?code ?label WHERE {\n  ?treaty a ak:Treaty ; ak:code ?code ; rdfs:label ?label .\n}\nORDER BY ?code\n";
    const yasgui = new window.Yasgui(el("yasgui"), {
      requestConfig: {endpoint, method: "POST"}, copyEndpointOnNewTab: false, persistenceId: null,
      populateFromUrl: false,  // the URL's hash is this page's (#ask=...), not the editor's
      endpointCatalogueOptions: {getData: () => [{endpoint}]}, yasqe: {value: start},
    });
    el("example").addEventListener("change", () => {
      const q = queries.get(el("example").value);
      if (q) yasgui.getTab().setQuery(q.text);
    });
    window.armskgYasgui = yasgui;
  }
  document.body.dataset.ready = "true";
})();
