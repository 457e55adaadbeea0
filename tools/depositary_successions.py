"""When each succession took effect: the reviewed dates of graph/tables/depositary-successions.tsv.

By the depositaries' practice a succession takes effect from the date of the succession of states when the
predecessor was bound for the territory on that day (docs/data.md, "Successions"); otherwise from the
deposit. Every succession the merge holds for the NPT, the BWC or a zone treaty must have one reviewed row
(treaty, state): its effective date, the basis (``date of succession`` or ``deposit``), the sources and a note.
The row's date is asserted on each of the state's succession acts (a further deposit changes nothing), with
the note and the sources. A record that states another effective date is kept as a claim, with the row's
``other_dates`` saying why it is not followed; a row without that reason, a row for no act, an act without a
row, or a ``deposit`` row whose date is not the first deposit stops the tool.
"""

from __future__ import annotations

from pathlib import Path

from depositary_merge import Act, Claim, Deposit, Merged

COLUMNS = ("treaty", "iso3", "effective", "basis", "sources", "note", "other_dates")
BASES = ("date of succession", "deposit")
TABLE = Path("graph") / "tables" / "depositary-successions.tsv"


def reviews(rows: list[dict[str, str]], treaty: str) -> dict[str, dict[str, str]]:
    """One treaty's reviewed rows, by state; a malformed row stops the tool."""
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["treaty"] != treaty:
            continue
        if row["basis"] not in BASES or not row["sources"].split() or not row["note"]:
            raise SystemExit(f"{TABLE}: {treaty} {row['iso3']}: needs a basis {BASES}, sources and a note")
        if row["iso3"] in found:
            raise SystemExit(f"{TABLE}: {treaty} {row['iso3']}: two rows")
        found[row["iso3"]] = row
    return found


def _successions(merged: Merged) -> dict[str, list[Act]]:
    by_state: dict[str, list[Act]] = {}
    for act in merged.acts:
        if act.kind == "succession":
            by_state.setdefault(act.iso3, []).append(act)
    return by_state


def _other_effective(deposits: list[Deposit], iso3: str, effective: str) -> list[Deposit]:
    """The records' rows for this state's succession that state another effective date."""
    return [d for d in deposits if d.iso3 == iso3 and d.action == "succession" and d.effective
            and d.effective != effective]


def apply(merged: Merged, treaty: str, rows: list[dict[str, str]], deposits: list[Deposit]) -> None:
    """Assert each succession's reviewed effective date, note and sources; claim the records' other dates."""
    reviewed, acts = reviews(rows, treaty), _successions(merged)
    missing, stale = sorted(set(acts) - set(reviewed)), sorted(set(reviewed) - set(acts))
    if missing:
        raise SystemExit(f"{treaty}: no reviewed effective date for the successions of {missing}: add them to {TABLE}")
    if stale:
        raise SystemExit(f"{TABLE}: {treaty}: no succession of {stale} in the records")
    for iso3, state_acts in sorted(acts.items()):
        row = reviewed[iso3]
        first = min(act.date for act in state_acts)
        if row["basis"] == "deposit" and row["effective"] != first:
            raise SystemExit(f"{TABLE}: {treaty} {iso3}: basis 'deposit' but {row['effective']} is not the first "
                             f"deposit ({first})")
        subject = min(state_acts, key=lambda act: act.date)
        for act in state_acts:  # a further deposit's note points to the first (depositary_turtle)
            act.effective, act.effective_sources = row["effective"], set(row["sources"].split())
            act.notes = [row["note"]] if act is subject else []
        for deposit in _other_effective(deposits, iso3, row["effective"]):
            if not row["other_dates"]:
                raise SystemExit(f"{TABLE}: {treaty} {iso3}: {deposit.record} gives {deposit.effective}; say why "
                                 "the graph does not follow it (other_dates)")
            by = tuple(sorted(set(row["sources"].split()) - {deposit.source}))
            merged.claims.append(Claim(deposit, subject.key, by, "other effective date", row["other_dates"]))
    merged.claims.sort(key=lambda c: (c.deposit.iso3, c.deposit.stage, c.deposit.date, c.deposit.record, c.why))
