"""Find the checkable claims of a text: who did (or is) what, towards which treaty, when; and how many.

Rules over the words of each sentence (:mod:`armskg.check.mentions`): an act word takes as its subject the
nearest states named before it (not the object of a preposition), the treaty named after it (or the one
the text is about: "the Convention", "it"), and the time that follows it (or opens the sentence). Counts,
quotations, motives and intentions become claims of their own.
"""

from __future__ import annotations

import datetime as dt

from armskg.check.lexicon import Lexicon
from armskg.check.mentions import _OBJECT_BEFORE, STATUS_KINDS, Count, Mentions, Subject, TreatyRef, Trigger
from armskg.check.text import Sentence, sentences
from armskg.check.times import Found, Reader, Time

_QUANTIFIERS = frozenset({"none", "all", "each", "both", "most", "some", "many", "neither", "either", "one", "two",
                          "three", "four", "five", "several", "any"})
_VERBS_AFTER_DUE = frozenset({"take", "be", "enter", "come", "begin", "expire", "leave", "end", "start", "vote"})


class Claim:
    """One checkable claim: its span in the text and what it says."""

    def __init__(self, start: int, end: int, kind: str) -> None:
        self.start, self.end = start, end
        #: the act or status (consent, sign, party, withdraw, effect, ...), or count, quote, motive
        self.kind = kind
        self.negated = False
        #: None, or why it is unverifiable whatever the record says: intention, future, opinion, quote, motive
        self.modality: str | None = None
        self.subject: Subject | None = None
        self.treaty: str | None = None
        self.time: Time | None = None
        self.count: Count | None = None
        self.votes: dict[str, int] = {}
        #: how the text named the treaty, when it did not name it ("the Convention" → the one before)
        self.treaty_inferred = False
        self.noun = False
        #: the act's words as written, lower case ("did not ratify" → "ratify"; "took effect")
        self.phrase = ""
        #: the span of the sentence the claim is in
        self.sentence = (start, end)
        #: other readings of the sentence, tried before a claim is called contradicted: the other treaties it
        #: may mean ("the pact"), the other states and times it names
        self.alternatives: list[str] = []
        self.other_subjects: list[Subject] = []
        self.other_times: list[Time] = []

    def day(self, as_of: dt.date) -> dt.date:
        """The day the claim speaks of: the end of its time (up to the text's date), else the text's date."""
        if self.time is not None and self.time.months is None:
            return min(self.time.end, as_of)
        return as_of

    def __repr__(self) -> str:
        return (f"Claim({self.kind}{' not' if self.negated else ''}, {self.subject.parts if self.subject else None}, "
                f"{self.treaty}, {self.time}, {self.modality})")


class _Document:
    """What the text has said so far: the treaties it named (to read "the Convention") and the states it
    last spoke of (to read "it")."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        #: treaty codes in the order the text named them, with the sentence they were named in
        self.named: list[tuple[int, str]] = []
        self.sentence = 0
        self.subject: Subject | None = None
        self.withdrawal = False
        #: the treaties a claim that does not name its treaty may be about (named in this or the last sentences)
        self.alternatives: list[str] = []

    def treaty(self, noun: str = "") -> str | None:
        """The treaty "the Convention" (``noun`` "convention") refers to: the last one named in this or the
        last sentence, else the one the text names most; either with that word in one of its names."""
        fits = [c for s, c in self.named if not noun or noun in self.lex.treaty_words.get(c, ()) or
                noun not in ("convention", "treaty", "protocol")]
        recent = [c for s, c in self.named if s >= self.sentence - 1 and c in fits]
        if recent:
            return recent[-1]
        if not fits:
            return None
        return max(reversed(fits), key=fits.count)


def extract(text: str, start: int, lex: Lexicon, as_of: dt.date) -> list[Claim]:
    """The claims of ``text[start:]`` (the part after a ``date:`` line), in text order."""
    doc = _Document(lex)
    reader = Reader(as_of, lex.data["counts"]["words"])
    claims: list[Claim] = []
    for n, sentence in enumerate(sentences(text, start)):
        doc.sentence = n
        if _keyword_soup(sentence):
            continue
        found = _sentence_claims(sentence, lex, reader, doc)
        for claim in found:
            claim.sentence = (sentence.start, sentence.end)
        claims.extend(found)
    return claims


def _keyword_soup(sentence: Sentence) -> bool:
    """A line of tags or a scraped caption: many words, hardly any capitalised, no verb's punctuation."""
    words = sentence.words
    return len(words) > 12 and sum(w.capitalised for w in words) <= len(words) // 20


def _sentence_claims(sentence: Sentence, lex: Lexicon, reader: Reader, doc: _Document) -> list[Claim]:
    times = reader.find(sentence.words)
    m = Mentions(sentence, lex, {k for f in times for k in range(f.i, f.j)}, doc.withdrawal)
    times = [f for f in times if not any(r.i == f.j and m.words[r.i].joined for r in m.treaties)]  # "the 1980 Convention"
    for r in m.treaties:
        if r.code is None:
            described = _described(m, r, lex)
            here = [o.code for o in m.treaties if o.j <= r.i and o.code and not o.weak and o.noun == ""]
            r.code = described if described is not None else here[-1] if here else doc.treaty(r.noun)
            r.noun = r.noun or "inferred"
    doc.alternatives = [c for _, c in doc.named[-6:]] + [r.code for r in m.treaties if r.code and r.noun == ""]
    claims: list[Claim] = []
    owners = _time_owners(m, times)
    for n, trig in enumerate(m.triggers):
        if trig.modality == "quote" or _complement(m, n):
            continue
        if trig.act == "effect" and (_consent_before(m, trig) or _treaty_took_effect(m, trig)):
            trig.kind = "entry_into_force"  # "Finland's accession took effect in July 2012"
        if trig.act in ("adopted", "opened", "entry_into_force"):
            claims.extend(_treaty_claims(sentence, m, trig, n, owners.get(n, []), doc.treaty()))
            continue
        claims.extend(_act_claims(sentence, m, trig, n, owners.get(n, []), doc))
    from armskg.check.ellipsis import elided

    claims.extend(elided(m, claims, times))
    claims.extend(_count_claims(sentence, m, owners, times))
    claims.extend(_quote_claims(sentence, m, doc))
    claims.extend(_motive_claims(sentence, m, lex, doc))
    doc.named += [(doc.sentence, r.code) for r in m.treaties if r.code and not r.weak and r.noun == ""]
    if any(t.act in ("withdraw", "announce", "vote", "notify") for t in m.triggers):
        doc.withdrawal = True
    return claims


_DESCRIBING = frozenset({"banning", "prohibiting", "outlawing", "against", "bans", "prohibits", "outlaws", "limiting",
                        "restricting", "governing", "regulating", "controlling"})
_VERB_STEMS = {"banning": "ban", "bans": "ban", "prohibiting": "prohibit", "prohibits": "prohibit",
               "outlawing": "outlaw", "outlaws": "outlaw"}
_AFTER_DESCRIPTION = frozenset({"in", "at", "by", "since", "from", "for", "until", "after", "before", "with", "as"})
_NOT_CONTENT = frozenset({"the", "a", "an", "of", "and", "on", "use", "all", "that", "which", "their", "its", "in"})


def _described(m: Mentions, ref: TreatyRef, lex: Lexicon) -> str | None:
    """ "the treaty banning cluster munitions": the one treaty whose names hold the words that describe it
    ("" when none or several do: a treaty the graph cannot tell); None when the words do not describe."""
    j = ref.j + (1 if ref.j < len(m.words) and m.words[ref.j].low in ("that", "which") else 0)
    if j >= len(m.words) or m.words[j].low not in _DESCRIBING:
        return None
    content = []
    for word in m.words[j + 1:j + 5]:
        if any(c in word.gap for c in ",;:.(") or not word.low.isalpha() or word.low in _AFTER_DESCRIPTION:
            break
        if word.low not in _NOT_CONTENT:
            content.append(word.low)
    stems = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in content[:3]]
    fits = [code for code, names in lex.treaty_words.items()
            if stems and all(any(n == s or n == s + "s" or n.startswith(s) for n in names) for s in stems)]
    if len(fits) > 1:  # "prohibiting nuclear weapons": the one whose name says so (Prohibition), not the NPT
        verb = _VERB_STEMS.get(m.words[j].low, "")
        fits = [code for code in fits if verb and any(n.startswith(verb) for n in lex.treaty_words[code])]
    return fits[0] if len(fits) == 1 else ""


def _complement(m: Mentions, n: int) -> bool:
    """An intention that completes another act ("issued a statement asking them to denounce the treaty")."""
    trig = m.triggers[n]
    if trig.modality != "intention" or n == 0:
        return False
    before = m.triggers[n - 1]
    return before.modality is None and not any(before.j <= s.i < trig.i for s in m.subjects)


_COORDINATION = frozenset({"and", "or", "nor", "but", "not", "never", "has", "have", "had", "then", "later", "yet",
                           "also", "either", "neither"})
_CLAUSE_WORDS = frozenset({"although", "though", "while", "whereas", "because", "which", "who", "when", "after",
                           "before", "since", "as", "until", "unless", "if"})


def _time_owners(m: Mentions, times: list[Found]) -> dict[int, list[Found]]:
    """Each time belongs to the act word before it in its clause; a time that opens the sentence, to the
    first act."""
    triggers = m.triggers
    owners: dict[int, list[Found]] = {}
    for found in times:
        # the last act before (searched from the time backwards) and the first after: a long sentence must
        # not cost times x acts x words
        before = next((n for n in reversed(range(len(triggers))) if triggers[n].j <= found.i and not any(
            w.low in _CLAUSE_WORDS and "," in w.gap for w in m.words[triggers[n].j:found.i])), None)
        after = next((n for n, t in enumerate(triggers) if t.i >= found.j), None)
        owner = before if before is not None else (
            after if after is not None and not any(t.j <= found.i for t in triggers) else None)
        if owner is not None:
            owners.setdefault(owner, []).append(found)
    return owners


def _pick_time(trig: Trigger, times: list[Found]) -> Found | None:
    """The time of an act: a relative one ("six months later") for an effect, a date for the rest."""
    relative = [f for f in times if f.time.months is not None]
    absolute = [f for f in times if f.time.months is None]
    ordered = relative + absolute if trig.act == "effect" else absolute + relative
    return ordered[0] if ordered else None


def _act_claims(sentence: Sentence, m: Mentions, trig: Trigger, n: int, times: list[Found],
                doc: _Document) -> list[Claim]:
    """The claims an act word makes: one, or one per state with "respectively"."""
    subject = _subject(m, trig, n, doc)
    if subject is None:
        return []
    ref = _treaty(m, trig, n)
    treaty = ref.code if ref is not None else doc.treaty()
    if not treaty and trig.act != "statement":
        return []
    time = _pick_time(trig, times)
    if trig.noun and time is None and (not subject.possessive or trig.act in ("withdraw", "consent", "sign")):
        return []
    pairs: list[tuple[Subject, Found | None]] = [(subject, time)]
    dated = [f for f in times if f.time.months is None]
    if m.respectively and len(subject.parts) > 1 and len(dated) == len(subject.parts):
        pairs = [(Subject(subject.i, subject.j, [part], subject.text, subject.possessive), found)
                 for part, found in zip(subject.parts, dated)]
    out = []
    for who, found in pairs:
        claim = _act_claim(sentence, m, trig, (subject, who), found, ref)
        claim.treaty = treaty
        _other_readings(claim, m, trig, (subject, who), ref, doc)
        claim.other_times = [f.time for f in times if f is not found and f.time.months is None]
        out.append(claim)
    doc.subject = subject
    return out


def _act_claim(sentence: Sentence, m: Mentions, trig: Trigger, subjects: tuple[Subject, Subject],
               found: Found | None, ref: TreatyRef | None) -> Claim:
    """One claim of an act word, its span from its subject (when named here) to its treaty and time."""
    words = sentence.words
    subject, who = subjects
    noun = _withdrawal_noun(m, trig)
    here = subject in m.subjects and not any(subject.j <= a < trig.i for a in m.anaphors)  # named here, not "it"
    anaphor = [a for a in m.anaphors if trig.i - 3 <= a < trig.i]
    first = min(trig.i, found.i if found else trig.i, noun.i if noun is not None else trig.i, *anaphor)
    last = max(trig.j, found.j if found else trig.j, ref.j if ref is not None and ref.i >= trig.j else trig.j)
    if here and who.i < trig.i and (noun is None or who.j == noun.i):
        first = min(first, who.i)
    elif here and who.i > trig.i:
        last = max(last, who.j)
    claim = Claim(words[first].start, words[last - 1].end, trig.act)
    claim.negated, claim.modality, claim.noun = trig.negated, trig.modality, trig.noun
    claim.phrase = " ".join(w.low for w in words[trig.i:trig.j])
    claim.subject = who
    claim.treaty_inferred = ref is None or ref.noun != ""
    claim.time = found.time if found else None
    if trig.act == "vote":
        claim.votes = m.votes
    return claim


def _other_readings(claim: Claim, m: Mentions, trig: Trigger, subjects: tuple[Subject, Subject],
                    ref: TreatyRef | None, doc: _Document) -> None:
    """The other treaties and states the sentence may mean, unless it names them right at the act."""
    subject, who = subjects
    named_here = {r.code for r in m.treaties if r.code}
    object_named = ref is not None and ref.i >= trig.j and ref.i - trig.j <= 3 and not claim.treaty_inferred
    if not object_named:
        candidates = set(doc.alternatives) if claim.treaty_inferred else named_here
        claim.alternatives = sorted(candidates - {claim.treaty or ""})
    if not _next_to(m, subject, trig):
        claim.other_subjects = [s for s in m.subjects if s is not who and s is not subject]


def _consent_before(m: Mentions, trig: Trigger) -> bool:
    """Whether the effect is a consent's (its ratification, accession) rather than a withdrawal's."""
    before = [t for t in m.triggers if t.j <= trig.i and t.noun and t.act in ("consent", "withdraw")]
    return bool(before) and before[-1].act == "consent"


def _treaty_took_effect(m: Mentions, trig: Trigger) -> bool:
    """ "The ban took effect in 1999": a treaty, not a state, before the effect, and no withdrawal."""
    return not any(t.noun and t.act == "withdraw" for t in m.triggers) and \
        not any(s.j <= trig.i for s in m.subjects) and any(r.j <= trig.i and r.code for r in m.treaties)


def _withdrawal_noun(m: Mentions, trig: Trigger) -> Trigger | None:
    """The withdrawal an effect or notification is about ("The withdrawal ... will take effect")."""
    if trig.act not in ("effect", "notify"):
        return None
    nouns = [t for t in m.triggers if t.noun and t.act == "withdraw" and t.j <= trig.i]
    return nouns[-1] if nouns else None


_BETWEEN_SUBJECT_AND_VERB = frozenset({"has", "have", "had", "did", "does", "do", "is", "are", "was", "were", "not",
                                       "never", "also", "already", "still", "formally", "officially", "only", "then",
                                       "both", "all", "t", "yet", "finally", "itself", "themselves", "which", "who",
                                       "that", "too", "however", "now", "since", "later", "quickly", "eventually"})


def _next_to(m: Mentions, subject: Subject, trig: Trigger) -> bool:
    """Whether a subject stands right before its act ("Belarus did not ratify"): then no other reading."""
    if subject not in m.subjects or subject.j > trig.i:
        return False
    return all(w.low in _BETWEEN_SUBJECT_AND_VERB for w in m.words[subject.j:trig.i])


def _subject(m: Mentions, trig: Trigger, n: int, doc: _Document) -> Subject | None:
    """The states an act word is about: named before it, after "by" (passive), or named in an earlier
    sentence ("it", or a withdrawal named without its state)."""
    words = m.words
    institutions = m.lex.words("names", "institutions")
    inside = [s for s in m.subjects if trig.i < s.i and s.j <= trig.j]  # "revoking Russia's ratification"
    if inside:
        return inside[0]
    noun = _withdrawal_noun(m, trig)
    if noun is not None:
        owner = next((s for s in m.subjects if s.j == noun.i and s.possessive), None)
        if owner is not None:
            return owner
        if doc.withdrawal and doc.subject is not None:
            return doc.subject
    for s in reversed(m.subjects):
        if s.j > trig.i or any(c.i <= s.i < c.j for c in m.counts):
            continue
        before = words[s.i - 1].low if s.i else ""
        quantified = before == "of" and s.i >= 2 and words[s.i - 2].low in _QUANTIFIERS and not s.possessive
        governed = before in _OBJECT_BEFORE and not quantified and not (s.i >= 2 and (words[s.i - 2].low,) in institutions)
        if governed and not (before == "with" and s.j == trig.i):  # "with Latvia and Poland supporting"
            continue
        aside = s.j < len(words) and "," in words[s.j].gap  # "Norway, the only one ..., remains a party"
        if trig.act in STATUS_KINDS and not s.possessive and trig.i - s.j > (15 if aside else 6):
            break
        return s
    if any(trig.i - 3 <= a < trig.i for a in m.anaphors) and doc.subject is not None:
        return doc.subject
    if n and words[trig.i - 1].low in ("and", "but", "then") and doc.subject is not None:
        return doc.subject  # "signed the treaty in 1999 and ratified it in 2005": the same subject
    for s in m.subjects:
        if s.i >= trig.j and s.i >= 1 and (words[s.i - 1].low == "by" or
                                           (s.i >= 2 and words[s.i - 2].low == "by" and words[s.i - 1].low == "the")):
            return s
    exit_act = trig.act in ("effect", "notify", "vote", "suspend", "withdraw", "announce")
    if exit_act and (doc.withdrawal or trig.act == "announce") and not any(s.j <= trig.i for s in m.subjects):
        return doc.subject
    return None


def _treaty(m: Mentions, trig: Trigger, n: int) -> TreatyRef | None:
    """The treaty an act is about: named after it (before the next act), "it" after it, or named before
    it in the sentence; None when the sentence does not say (then the one the text is about)."""
    following = m.triggers[n + 1].i if n + 1 < len(m.triggers) else len(m.words)
    for r in m.treaties:
        if trig.j <= r.i < following and r.code is not None:  # "" for a treaty the graph cannot tell
            return r
    if n + 1 < len(m.triggers) and all(w.low in _COORDINATION for w in m.words[trig.j:following]):
        return _treaty(m, m.triggers[n + 1], n + 1)  # "neither signed nor joined the Convention"
    for r in reversed(m.treaties):
        if r.i < trig.i and r.code and not r.weak:
            return r
    return None


def _treaty_claims(sentence: Sentence, m: Mentions, trig: Trigger, n: int, times: list[Found],
                   doc_treaty: str | None = None) -> list[Claim]:
    """What a treaty itself did: adopted, opened for signature, entered into force (for a state, that
    state's consent took effect)."""
    before = [r for r in m.treaties if r.j <= trig.i and trig.i - r.j <= 8 and r.code and not r.weak]
    ref = before[-1] if before else _treaty(m, trig, n)
    if ref is None and trig.kind == "entry_into_force" and doc_treaty:
        ref = TreatyRef(trig.i, trig.j, doc_treaty, "inferred")
    time = _pick_time(trig, times)
    if ref is None or (time is None and not (trig.negated and trig.act == "entry_into_force")) or \
            (time is not None and time.time.months is not None):
        return []
    words = sentence.words
    near = ref.j >= trig.i - 3 or ref.i >= trig.j  # the treaty named just before, or after
    first = min(ref.i if near else trig.i, trig.i, time.i if time else trig.i)
    last = max(ref.j, trig.j, time.j if time else trig.j)
    claim = Claim(words[first].start, words[last - 1].end, trig.act)
    claim.treaty, claim.time, claim.modality = ref.code, time.time if time else None, trig.modality
    claim.negated = trig.negated
    claim.phrase = " ".join(w.low for w in words[trig.i:trig.j])
    claim.treaty_inferred = ref.noun != ""
    for s in m.subjects:
        if trig.act == "entry_into_force" and s.i >= trig.j and s.i and words[s.i - 1].low == "for":
            claim.subject, claim.kind = s, "consent_effect"
            claim.start, claim.end = min(claim.start, words[s.i].start), max(claim.end, words[s.j - 1].end)
    consent = [c for c in m.triggers if c.noun and c.act == "consent" and c.j <= trig.i]
    owner = next((s for s in m.subjects if consent and s.j == consent[-1].i and s.possessive), None)
    if trig.act == "entry_into_force" and owner is not None:  # "Finland's accession took effect"
        claim.subject, claim.kind = owner, "consent_effect"
        claim.start = min(claim.start, words[owner.i].start)
    return [claim]


def _count_claims(sentence: Sentence, m: Mentions, owners: dict[int, list[Found]], times: list[Found]) -> list[Claim]:
    """ "32 states have never joined the Convention", "the treaty has more than 160 parties"."""
    out = []
    for count in m.counts:
        # only the first of each is used: found lazily, so that a long sentence does not cost counts x acts x words
        after = next(((n, t) for n, t in enumerate(m.triggers) if t.i >= count.j and count.noun == "state"
                      and not any(w.low in ("which", "who", "whom", "whose") for w in m.words[count.j:t.i])), None)
        passive = next(((n, t) for n, t in enumerate(m.triggers) if count.i >= 1 and m.words[count.i - 1].low == "by"
                        and t.j <= count.i - 1 and count.i - 1 - t.j <= 5), None)
        n, trig = passive or after or (0, None)
        if trig is None and count.noun == "state":
            continue
        kind = trig.act if trig is not None else ("signatory" if count.noun == "signatory" else "party")
        ref = _treaty(m, trig, n) if trig is not None else next((r for r in m.treaties if r.code), None)
        if ref is None or ref.code is None:
            continue
        last = max(count.j, trig.j if trig is not None else count.j, ref.j if ref.i > count.i else count.j)
        claim = Claim(sentence.words[count.i].start, sentence.words[last - 1].end, "count")
        claim.count, claim.treaty = count, ref.code
        claim.alternatives = sorted({r.code for r in m.treaties if r.code} - {ref.code})
        claim.phrase = " ".join(w.low for w in sentence.words[trig.i:trig.j]) if trig is not None else ""
        claim.negated = trig.negated if trig is not None else False
        claim.modality = trig.modality if trig is not None else None
        claim.subject = Subject(count.i, count.j, [("count", kind)], "", False)
        found = owners.get(n, []) if trig is not None else [t for t in times if t.i > count.i]
        dated = [f for f in found if f.time.months is None]
        claim.time = dated[0].time if dated else None
        out.append(claim)
    return out


def _quote_claims(sentence: Sentence, m: Mentions, doc: _Document) -> list[Claim]:
    """A quotation that speaks of acts or treaties: what someone said, not a fact the record holds."""
    out = []
    for first, last in sentence.quotes:
        if not any(first <= t.i <= last for t in m.triggers) and not any(first <= r.i <= last for r in m.treaties):
            continue
        claim = Claim(sentence.words[first].start, sentence.words[last].end, "quote")
        claim.modality = "quote"
        claim.treaty = next((r.code for r in m.treaties if first <= r.i <= last and r.code), doc.treaty())
        claim.subject = next((s for s in m.subjects if first <= s.i <= last), None)
        out.append(claim)
    return out


def _motive_claims(sentence: Sentence, m: Mentions, lex: Lexicon, doc: _Document) -> list[Claim]:
    """Why a state acted ("driven by", "because of", "amid"): a motive the record does not hold."""
    words = sentence.words
    context = lex.words("context", "withdrawal_words") | lex.words("context", "decision_words")
    for k in range(len(words)):
        match = lex.cues.at(words, k)
        if match is None or "modality.motive" not in match.kinds or words[k].quote >= 0:
            continue
        if words[k].low == "due" and match.j < len(words) and words[match.j].low in _VERBS_AFTER_DUE:
            continue  # "due to take effect": a time, not a reason
        about = m.triggers or m.treaties or any((w.low,) in context for w in words)
        treaty = next((r.code for r in m.treaties if r.code), doc.treaty())
        if not about or treaty is None:
            return []
        end = len(words)
        for j in range(match.j, len(words)):
            if ";" in words[j].gap or (j > match.j and "," in words[j].gap and words[j].low in ("and", "but")):
                end = j
                break
        claim = Claim(words[k].start, words[end - 1].end, "motive")
        claim.modality, claim.treaty = "motive", treaty
        claim.subject = m.subjects[0] if m.subjects else doc.subject
        return [claim]
    return []
