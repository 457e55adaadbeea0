"""What a sentence mentions: states and groups (as lists), treaties, act words with their modality, counts,
votes. :mod:`armskg.check.extract` ties them into claims."""

from __future__ import annotations

from armskg.check.lexicon import Lexicon, Match
from armskg.check.text import Sentence, Word

#: words before a state that make it an object, not the subject of an act ("bordering Russia", "to Lithuania")
_OBJECT_BEFORE = frozenset({"with", "against", "from", "to", "of", "by", "on", "at", "towards", "toward", "than", "like",
                            "near", "into", "over", "about", "for", "between", "bordering", "border", "borders",
                            "in", "across", "upon", "under", "unlike", "besides"})
#: words that may join the states of a list ("Russia, the United States and China")
_SHARES = frozenset({"most", "many", "some", "several", "few", "majority", "half", "dozens", "numerous", "other"})
_LIST_GLUE = frozenset({"and", "the", "as", "well", "both", "plus", "also", "neither", "nor"})
#: act kinds that say what a state is (a status), rather than what it did
STATUS_KINDS = frozenset({"party", "nonparty", "signatory", "nonsignatory", "withdrawn"})
#: act kinds that need a withdrawal word near them ("announced its withdrawal", "voted to leave")
_NEEDS_WITHDRAWAL = frozenset({"announce", "vote", "notify"})


class Subject:
    """States named together: a list of states and groups (words ``i`` to ``j``), as the text names them."""

    __slots__ = ("i", "j", "parts", "possessive", "quantifier", "text")

    def __init__(self, i: int, j: int, parts: list[tuple[str, ...]], text: str, possessive: bool) -> None:
        self.i, self.j, self.text, self.possessive = i, j, text, possessive
        #: "most", "some", "many", ... when the text speaks of a share of the states, not of each
        self.quantifier = ""
        #: ("state", iso3) | ("group", code) | ("members", org) | ("bordering", org, iso3, ...) |
        #: ("neighbours", iso3, ...) | ("unresolved", words)
        self.parts = parts

    def __repr__(self) -> str:
        return f"Subject({self.text!r}, {self.parts})"


class Trigger:
    """An act or status word: its kind, and what the words before it say of it."""

    __slots__ = ("i", "j", "kind", "modality", "negated", "noun")

    def __init__(self, i: int, j: int, kind: str) -> None:
        self.i, self.j, self.kind = i, j, kind
        self.negated = False
        #: None, or why the act is not a fact to check: "intention", "future", "opinion", "quote"
        self.modality: str | None = None
        self.noun = kind.endswith("_noun")

    @property
    def act(self) -> str:
        return self.kind.removesuffix("_noun")

    def __repr__(self) -> str:
        return f"Trigger({self.kind}@{self.i}{' not' if self.negated else ''}{' ' + self.modality if self.modality else ''})"


class TreatyRef:
    """A treaty named in a sentence (``code``), or referred to ("the Convention": ``code`` None, ``noun``
    the word used). A name that is also an organisation's ("NATO") is ``weak``: a treaty only as an act's
    object ("joined NATO"), never the treaty the text is about."""

    __slots__ = ("code", "i", "j", "noun", "weak")

    def __init__(self, i: int, j: int, code: str | None, noun: str = "", weak: bool = False) -> None:
        self.i, self.j, self.code, self.noun, self.weak = i, j, code, noun, weak

    def __repr__(self) -> str:
        return f"TreatyRef({self.code or self.noun!r}@{self.i})"


class Count:
    """A number of states: ``n``, how it compares ("more than"), and what is counted (parties, signatories)."""

    __slots__ = ("comparator", "i", "j", "n", "noun")

    def __init__(self, i: int, j: int, n: int, comparator: str, noun: str) -> None:
        self.i, self.j, self.n, self.comparator, self.noun = i, j, n, comparator, noun


class Mentions:
    """Everything one sentence mentions, in word order."""

    def __init__(self, sentence: Sentence, lex: Lexicon, times: set[int], withdrawal: bool = False) -> None:
        self.sentence, self.lex = sentence, lex
        #: whether the text has already spoken of a withdrawal ("The Seimas approved the move in July")
        self.withdrawal = withdrawal
        self.words: list[Word] = sentence.words
        #: the words that are part of a time ("May" in "8 May" is no modal verb)
        self.times = times
        names = lex.names.find(self.words)
        #: treaties named or referred to, in word order
        self.treaties: list[TreatyRef] = []
        self.subjects: list[Subject] = []
        self.anaphors: list[int] = []
        self._read_names(names)
        covered = {k for m in names for k in range(m.i, m.j)}
        for m in lex.anaphora.find(self.words):
            if covered.intersection(range(m.i, m.j)):
                continue
            if "treaty-anaphor" in m.kinds:
                self.treaties.append(TreatyRef(m.i, m.j, None, self.words[m.j - 1].low))
            else:
                self.anaphors.append(m.i)
        self.treaties.sort(key=lambda r: r.i)
        self.triggers = self._read_triggers([m for m in names if m.kinds & {"treaty", "organisation", "group", "state"}])
        self.counts = self._read_counts()
        self.votes = self._read_votes()
        self.respectively = any(w.low == "respectively" for w in self.words)

    # ---- names ----
    def _read_names(self, names: list[Match]) -> None:
        refs: list[tuple[int, int, tuple[str, ...]]] = []
        for k, m in enumerate(names):
            kinds = m.kinds
            if "treaty" in kinds and not self._member_noun_at(m.j):
                self.treaties.append(TreatyRef(m.i, m.j, m.values("treaty")[0], weak="organisation" in kinds))
            elif "organisation" in kinds:
                ref = self._organisation(m)
                if ref is not None:
                    refs.append(ref)
            elif kinds & {"state", "capital", "legislature"}:
                iso3 = (m.values("state") or m.values("capital") or m.values("legislature"))[0]
                refs.append((m.i, m.j, ("state", iso3)))
            elif "group" in kinds:
                refs.append((m.i, m.j, ("group", m.values("group")[0])))
            elif "demonym" in kinds and self._before_institution(names, k):
                refs.append((m.i, m.j, ("state", m.values("demonym")[0])))
        self._neighbours(refs)
        inner = [r for r in refs if any(o is not r and o[0] <= r[0] and r[1] <= o[1] and o[1] - o[0] > r[1] - r[0]
                                        for o in refs)]  # "Russia" in "NATO members bordering Russia"
        self.subjects = self._lists(sorted(r for r in refs if r not in inner))

    def _member_noun_at(self, j: int) -> bool:
        found = self._phrase_at(j, "groups", "member_nouns")
        return found is not None

    def _phrase_at(self, j: int, section: str, key: str) -> int | None:
        """The end of the longest phrase of a lexicon list that starts at word ``j``, or None."""
        best = None
        for phrase in self.lex.words(section, key):
            n = len(phrase)
            if j + n <= len(self.words) and all(self.words[j + k].low == phrase[k] for k in range(n)):
                best = max(best or 0, j + n)
        return best

    def _organisation(self, m: Match) -> tuple[int, int, tuple[str, ...]] | None:
        """ "NATO members bordering Russia", "NATO allies": a group read from the graph on the date."""
        org = m.values("organisation")[0]
        end = self._phrase_at(m.j, "groups", "member_nouns")
        if end is None:
            return None
        rel = self._phrase_at(end, "groups", "bordering")
        if rel is not None:
            states, stop = self._state_list_at(rel)
            if states:
                return (m.i, stop, ("bordering", org, *states))
        return (m.i, end, ("members", org))

    def _state_list_at(self, j: int) -> tuple[list[str], int]:
        """The states named from word ``j`` on ("Russia and Belarus"), and where the list ends."""
        states: list[str] = []
        while j < len(self.words):
            match = self.lex.names.at(self.words, j)
            if match is not None and "state" in match.kinds:
                states.append(match.values("state")[0])
                j = match.j
            elif states and self.words[j].low in ("and", "or", "the"):
                j += 1
            else:
                break
        while states and j > 0 and self.words[j - 1].low in ("and", "or", "the"):
            j -= 1
        return states, j

    def _neighbours(self, refs: list[tuple[int, int, tuple[str, ...]]]) -> None:
        """ "Russia's neighbours" and "states bordering Russia": every state the graph says borders it."""
        for k, (i, j, part) in enumerate(list(refs)):
            if part[0] == "state" and self.words[j - 1].possessive:
                end = self._phrase_at(j, "groups", "neighbours")
                if end is not None:
                    refs[k] = (i, end, ("neighbours", part[1]))
        for j in range(len(self.words)):
            if self.words[j].low in ("states", "countries", "nations") and (j == 0 or self.words[j - 1].low != "baltic"):
                rel = self._phrase_at(j + 1, "groups", "bordering")
                if rel is None:
                    continue
                states, stop = self._state_list_at(rel)
                if states and not any(i <= j < e for i, e, _ in refs):
                    refs[:] = [r for r in refs if not (rel <= r[0] < stop)]
                    refs.append((j, stop, ("neighbours", *states)))

    def _before_institution(self, names: list[Match], k: int) -> bool:
        """Whether a demonym stands before an institution, directly or at the end of a list of demonyms."""
        institutions = self.lex.words("names", "institutions")
        while True:
            j = names[k].j
            while j < len(self.words) and self.words[j].low in ("and", "the"):
                j += 1
            if j < len(self.words) and (self.words[j].low,) in institutions:
                return True
            if k + 1 < len(names) and names[k + 1].i == j and "demonym" in names[k + 1].kinds:
                k += 1
                continue
            return False

    def _lists(self, refs: list[tuple[int, int, tuple[str, ...]]]) -> list[Subject]:
        """Merge states named together ("Russia, the United States and China") into one subject."""
        subjects: list[Subject] = []
        for i, j, part in refs:
            last = subjects[-1] if subjects else None
            if last is not None and self._glued(last.j, i):
                if part not in last.parts:
                    last.parts.append(part)
                last.j = j
            else:
                subjects.append(Subject(i, j, [part], "", False))
        for s in subjects:
            s.text = " ".join(w.text for w in self.words[s.i:s.j])
            s.possessive = self.words[s.j - 1].possessive
            s.quantifier = self._quantifier(s.i)
        return subjects

    def _quantifier(self, i: int) -> str:
        """ "Most NATO members", "some of the Baltic states": a share of the group, not every member."""
        before = [w.low for w in self.words[max(0, i - 4):i]]
        if before[-1:] == ["the"]:
            before = before[:-1]
        if before[-1:] == ["of"]:
            before = before[:-1]
        if before[-1:] and before[-1] in _SHARES:
            return before[-1]
        return "majority" if before[-2:] in (["a", "majority"], ["the", "majority"]) else ""

    def _glued(self, end: int, start: int) -> bool:
        if start < end or start >= len(self.words):
            return False
        between = self.words[end:start]
        gaps = [w.gap for w in self.words[end:start + 1]]
        if any(c in g for g in gaps for c in ";:()"):
            return False
        return all(w.low in _LIST_GLUE for w in between) and (bool(between) or "," in gaps[-1] or "&" in gaps[-1])

    # ---- acts ----
    def _read_triggers(self, names: list[Match]) -> list[Trigger]:
        taken: set[int] = set()
        for m in names:
            taken.update(range(m.i, m.j))
        for s in self.subjects:
            taken.update(range(s.i, s.j))
        triggers = [Trigger(m.i, m.j, m.entries[0].kind) for m in self.lex.acts.find(self.words)
                    if not taken.intersection(range(m.i, m.j))]
        triggers = [self._revocation(t) for t in triggers
                    if self._object_fits(t) and not (t.kind == "vote" and t.i and self._number(t.i - 1))]
        triggers = self._withdrawal_context(triggers)
        kept: list[Trigger] = []
        for t in triggers:  # "announced its decision to withdraw": one act
            if kept and kept[-1].act == t.act and t.i - kept[-1].j <= 4:
                continue
            kept.append(t)
        triggers = kept
        self.triggers_so_far: list[Trigger] = []
        for t in triggers:
            self._modality(t)
            self.triggers_so_far.append(t)
        return triggers

    def _revocation(self, t: Trigger) -> Trigger:
        """ "revoking Russia's ratification": a revocation, its state named in between."""
        if t.kind != "consent_noun" or t.i < 2 or self.words[t.i].low != "ratification":
            return t
        owner = next((s for s in self.subjects if s.j == t.i and s.possessive), None)
        if owner is None or owner.i == 0 or not self.words[owner.i - 1].low.startswith(("revok", "rescind", "withdr")):
            return t
        revoke = Trigger(owner.i - 1, t.j, "revoke")
        return revoke

    def _object_fits(self, t: Trigger) -> bool:
        """A verb such as "left" or a phrase such as "party to" is an act only with a treaty as its object."""
        last = self.words[t.j - 1].low
        needs = (t.kind == "withdraw" and (self.words[t.i].low,) in self.lex.words("context", "withdraw_needs_object")) \
            or (t.kind in STATUS_KINDS and last in ("to", "of", "in"))
        if not needs:
            return True
        j = t.j
        while j < len(self.words) and (self.words[j].low in ("the", "its", "their", "this", "that", "from", "of")
                                       or self.words[j].text.isdigit()):
            j += 1
        return any(t.j <= r.i <= j for r in self.treaties) or (j < len(self.words) and self.words[j].low in ("it", "them"))

    def _withdrawal_context(self, triggers: list[Trigger]) -> list[Trigger]:
        """Keep "announced", "voted", "notified" only near a withdrawal word, which they then stand for."""
        words = self.lex.words("context", "withdrawal_words")
        decisions = self.lex.words("context", "decision_words")
        dropped: set[int] = set()
        kept = []
        for t in triggers:
            if t.kind not in _NEEDS_WITHDRAWAL:
                kept.append(t)
                continue
            near = [k for k in range(max(0, t.i - 10), min(len(self.words), t.j + 10))
                    if (self.words[k].low,) in words or (t.kind == "vote" and (self.words[k].low,) in decisions)]
            verb = self.words[t.i].low
            context = self.withdrawal and (t.kind == "notify" or verb.startswith(("vot", "approv")))
            if not near and not context:  # "The Seimas approved the move", not "the Seimas backs spending"
                continue
            kept.append(t)
            # "voted on 16 April 2025 to withdraw": the words of a time in between do not count towards the four
            consumed = [o for o in triggers if o.act == "withdraw" and t.j <= o.i
                        and sum(k not in self.times for k in range(t.j, o.i)) <= 4]
            dropped.update(id(o) for o in consumed[:1])  # "announced its withdrawal": one act
        return [t for t in kept if id(t) not in dropped]

    def _modality(self, t: Trigger) -> None:
        """Negation, intention, future and opinion from the words just before the act (same clause)."""
        if self.words[t.i].quote >= 0:
            t.modality = "quote"
            return
        if any(w.low in ("not", "no", "never") for w in self.words[t.i:t.j]):
            t.negated = True
        k = t.i - 1
        floor = max([0, t.i - 10] + [o.j for o in self.triggers_so_far if o.j <= t.i])
        while k >= floor and not any(c in self.words[k + 1].gap for c in ";:,"):
            word = self.words[k]
            if k in self.times:
                pass
            elif word.low == "t" and word.gap in ("'", "’"):
                t.negated = not t.negated
            else:
                match = self.lex.cues.at(self.words, k)
                kinds = match.kinds if match is not None and match.j <= t.i else set()
                if "modality.negation" in kinds:
                    t.negated = True
                if "modality.future" in kinds and t.modality is None:
                    t.modality = "future"
                elif "modality.intention" in kinds and t.modality in (None, "future"):
                    t.modality = "intention"
            k -= 1
        if t.modality is None and self._first_opinion() < t.i:
            t.modality = "opinion"

    def _first_opinion(self) -> int:
        """Where the sentence's first opinion cue starts ("critics say ..."), found once per sentence (a
        scan before every act made a long sentence cost its length squared); past the end if none."""
        if not hasattr(self, "_opinion_at"):
            self._opinion_at = next((k for k in range(len(self.words)) if k not in self.times
                                     and (m := self.lex.cues.at(self.words, k)) is not None
                                     and "modality.opinion" in m.kinds), len(self.words))
        return self._opinion_at

    # ---- counts and votes ----
    def _number(self, k: int) -> tuple[int, int] | None:
        """A number at word ``k`` (digits, or words: "thirty-two"), and where it ends."""
        word = self.words[k]
        if word.text.replace(",", "").isdigit() and len(word.text) <= 7:
            return int(word.text.replace(",", "")), k + 1
        numbers = self.lex.data["counts"]["words"]
        if word.low not in numbers:
            return None
        value, j = numbers[word.low], k + 1
        if j < len(self.words) and self.words[j].low in numbers and self.words[j].gap in ("-", " ") and value >= 20 \
                and numbers[self.words[j].low] < 10:
            value, j = value + numbers[self.words[j].low], j + 1
        return value, j

    def _read_counts(self) -> list[Count]:
        counts = []
        comparators = ("more", "at_least", "less", "at_most", "nearly", "about")
        for k in range(len(self.words)):
            number = self._number(k) if k not in self.times else None
            if number is None:
                continue
            n, j = number
            noun_end = self._phrase_at(j, "counts", "nouns")
            if noun_end is None or any(s.i <= k < s.j for s in self.subjects):
                continue
            noun = tuple(w.low for w in self.words[j:noun_end])
            kind = "party" if noun in self.lex.words("counts", "party_nouns") else \
                "signatory" if noun in self.lex.words("counts", "signatory_nouns") else "state"
            comparator, start = "eq", k
            for c in comparators:
                for phrase in self.lex.words("counts", c):
                    b = k - len(phrase)
                    if b >= 0 and tuple(w.low for w in self.words[b:k]) == phrase:
                        comparator, start = c, b
            counts.append(Count(start, noun_end, n, comparator, kind))
        return counts

    def _read_votes(self) -> dict[str, int]:
        """ "107 votes in favour", "18 against", "three abstentions"."""
        votes: dict[str, int] = {}
        against_named = any(w.low == "against" for w in self.words)  # once a sentence, not once a number
        for k in range(len(self.words)):
            number = self._number(k)
            if number is None:
                continue
            n, j = number
            rest = " ".join(w.low for w in self.words[j:j + 3])
            against = self._number(j + 2) if rest.startswith("votes to") and j + 2 < len(self.words) else None
            if against is not None:  # "by 66 votes to 14"
                votes["for"], votes["against"] = n, against[0]
                continue
            if rest.startswith(("votes in favour", "votes in favor", "votes for", "in favour", "in favor")) or \
                    (rest.startswith("for") and against_named):  # "157 for, 18 against"
                votes["for"] = n
            elif rest.startswith(("against", "votes against")):
                votes["against"] = n
            elif rest.startswith(("abstentions", "abstention", "abstaining", "abstained")):
                votes["abstentions"] = n
        return votes
