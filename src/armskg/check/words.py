"""A claim in plain words: "Belarus never ratified or acceded to the Anti-Personnel Mine Ban Convention
(as of 2025-05-08)"."""

from __future__ import annotations

from armskg.check.counts import count_words
from armskg.check.extract import Claim
from armskg.check.record import Record

#: what each kind of claim says, and what it says negated; {s} the states, {t} the treaty
_SAYS = {
    "sign": ("{s} signed the {t}", "{s} never signed the {t}"),
    "consent": ("{s} ratified or acceded to the {t}", "{s} never ratified or acceded to the {t}"),
    "party": ("{s} is a party to the {t}", "{s} is not a party to the {t}"),
    "nonparty": ("{s} is not a party to the {t}", "{s} is a party to the {t}"),
    "signatory": ("{s} is a signatory (or a party) of the {t}", "{s} is not a signatory of the {t}"),
    "nonsignatory": ("{s} never signed the {t}", "{s} signed the {t}"),
    "withdraw": ("{s} withdrew from the {t}", "{s} did not withdraw from the {t}"),
    "withdrawn": ("{s} is no longer a party to the {t}", "{s} is still a party to the {t}"),
    "announce": ("{s} announced a withdrawal from the {t}", "{s} did not announce a withdrawal from the {t}"),
    "vote": ("{s}'s legislature voted to withdraw from the {t}", "{s}'s legislature did not vote to withdraw from the {t}"),
    "notify": ("{s} notified its withdrawal from the {t}", "{s} did not notify a withdrawal from the {t}"),
    "effect": ("{s}'s withdrawal from the {t} takes effect", "{s}'s withdrawal from the {t} does not take effect"),
    "suspend": ("{s} suspended the {t}", "{s} did not suspend the {t}"),
    "revoke": ("{s} revoked its ratification of the {t}", "{s} did not revoke its ratification of the {t}"),
    "consent_effect": ("the {t} entered into force for {s}", "the {t} did not enter into force for {s}"),
    "statement": ("{s} signed or endorsed a joint statement", "{s} did not sign a joint statement"),
    "adopted": ("the {t} was adopted", "the {t} was not adopted"),
    "opened": ("the {t} was opened for signature", "the {t} was not opened for signature"),
    "entry_into_force": ("the {t} entered into force", "the {t} did not enter into force"),
}
_COUNTED = {"consent": ("joined (are parties to)", "never joined"), "party": ("are parties to", "are not parties to"),
            "nonparty": ("are not parties to", "are parties to"), "sign": ("signed", "never signed"),
            "signatory": ("are signatories of", "are not signatories of"), "withdraw": ("withdrew from", "stayed in"),
            "withdrawn": ("are no longer parties to", "are still parties to"),
            "notify": ("notified their withdrawal from", "did not notify a withdrawal from")}
_WHY = {"quote": "a quotation", "motive": "a motive", "intention": "an intention", "opinion": "an opinion"}


def _states(record: Record, claim: Claim, states: list[str]) -> str:
    names = [record.label(s) for s in states[:8]]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else (names[0] if names else "")
    if len(states) > 8:
        listed += f" and {len(states) - 8} more"
    subject = claim.subject
    if subject is not None and any(p[0] != "state" for p in subject.parts):
        return f"{subject.text} ({listed})" if listed else subject.text
    return listed or (subject.text if subject is not None else "")


def claim_words(record: Record, claim: Claim, states: list[str]) -> str:
    """The claim in plain words, with its time, or the text's date when it names none."""
    info = record.treaties.get(claim.treaty or "")
    treaty = info.label if info is not None else (claim.treaty or "treaty")
    when = claim.time.words() if claim.time is not None and claim.time.months is None else \
        (f"{claim.time.text} after the date before" if claim.time is not None else f"as of {record.as_of}")
    if claim.kind == "count":
        assert claim.subject is not None
        kind = claim.subject.parts[0][1]
        verb = _COUNTED.get(kind, (kind, f"not {kind}"))[claim.negated]
        return f"{count_words(claim)} states {verb} the {treaty} ({when})"
    if claim.kind in _WHY:
        about = _states(record, claim, states)
        return f"{_WHY[claim.kind]} about the {treaty}" + (f" and {about}" if about else "")
    says = _SAYS.get(claim.kind, ("{s}: {t}", "{s}: not {t}"))[claim.negated].format(
        s=_states(record, claim, states), t=treaty)
    prefix = f"{_WHY[claim.modality]}: " if claim.modality in _WHY else \
        "a future act: " if claim.modality == "future" else ""
    return f"{prefix}{says} ({when})"
