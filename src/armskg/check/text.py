"""Text as words: sentences, words with their offsets, quotations, and the ``date:`` line of an article.

A sentence is a list of :class:`Word`; punctuation is kept only as the gap before each word, which tells
whether two words may belong to one name ("Guinea-Bissau", "Lithuania's") or are split by a comma.
"""

from __future__ import annotations

import datetime as dt
import re

from armskg.errors import ArmskgError

#: The most text `armskg check` reads at once (about 30,000 words); a longer text is refused.
MAX_CHARS = 200_000

_WORD = re.compile(r"\d+(?:,\d{3})+(?!\d)|\d+|[^\W\d_]+", re.UNICODE)
_JOINERS = frozenset("-‐‑–'’.")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "no", "art", "arts", "jan", "feb", "mar", "apr", "jun",
                            "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e", "g", "i", "vs", "gen", "col",
                            "lt", "sen", "rep", "gov", "prof", "inc", "co", "ltd", "para", "paras", "cf"})
_OPEN_QUOTES, _CLOSE_QUOTES = "“«„", "”»‟"
#: A quotation of fewer words is a scare quote ("substantial deterioration"), part of the sentence's own claim.
MIN_QUOTE_WORDS = 4


class Word:
    """One word of a sentence: its text, offsets in the whole text, and what lies between it and the last."""

    __slots__ = ("end", "gap", "low", "possessive", "quote", "start", "text")

    def __init__(self, text: str, start: int, end: int, gap: str) -> None:
        self.text, self.start, self.end, self.gap = text, start, end, gap
        self.low = text.casefold()
        #: followed by 's or ' (Lithuania's, the Baltics')
        self.possessive = False
        #: the index of the quotation the word is in (a quotation of MIN_QUOTE_WORDS or more), or -1
        self.quote = -1

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def joined(self) -> bool:
        """Whether the word continues the one before as part of one name (only spaces or joiners between)."""
        return all(c.isspace() or c in _JOINERS for c in self.gap)

    def __repr__(self) -> str:
        return f"Word({self.text!r}@{self.start})"


class Sentence:
    """A sentence: its words and its span in the text."""

    __slots__ = ("end", "quotes", "start", "words")

    def __init__(self, words: list[Word], start: int, end: int) -> None:
        self.words, self.start, self.end = words, start, end
        #: the quotations in the sentence, as (first word, last word) index pairs
        self.quotes: list[tuple[int, int]] = []


def read_text(data: bytes | str, what: str = "the text") -> str:
    """Decode a text to check, refusing what is not text (binary, not UTF-8, None from the API) or too long."""
    if not isinstance(data, (bytes, str)):
        raise ArmskgError(f"{what} must be a str or bytes, not {type(data).__name__}")
    if isinstance(data, bytes):
        if b"\x00" in data[:65536]:
            raise ArmskgError(f"{what} is not text (it holds NUL bytes: a binary file?)")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArmskgError(f"{what} is not UTF-8 text (byte {exc.start})") from None
    if "\x00" in data:
        raise ArmskgError(f"{what} is not text (it holds NUL characters)")
    if len(data) > MAX_CHARS:
        raise ArmskgError(f"{what} is too long: {len(data):,} characters (at most {MAX_CHARS:,})")
    return data


def dated(text: str) -> tuple[dt.date | None, int]:
    """The date a ``date: YYYY-MM-DD`` line at the top of the text gives, and where the rest starts.

    >>> dated("date: 2025-05-08\\nLithuania ratified it.")
    (datetime.date(2025, 5, 8), 17)
    >>> dated("Lithuania ratified it.")
    (None, 0)
    """
    match = re.match(r"\s*date:[ \t]*([^\n]*?)[ \t]*(?:\r?\n|$)", text, re.IGNORECASE)
    if not match:
        return None, 0
    value = match.group(1)
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad(value), match.end()
    except ValueError as exc:  # the form is right, the day is not (2025-02-30): say which
        raise ArmskgError(f"bad date line {value!r} at the top of the text: {exc}") from None


def _bad(value: str) -> dt.date:
    raise ArmskgError(f"bad date line {value[:40]!r} at the top of the text: expected date: YYYY-MM-DD")


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """Split ``text[start:]`` into sentences of words (at . ! ? before a capital, and at blank lines and
    line ends that close a headline)."""
    out: list[Sentence] = []
    words: list[Word] = []
    last = start
    for match in _WORD.finditer(text, start):
        gap = text[last:match.start()]
        if words and _breaks(gap, words[-1], match.group()):
            out.append(_sentence(text, words))
            words = []
        if match.group() in ("s", "S") and words and gap in ("'", "’") and words[-1].end == match.start() - 1:
            words[-1].possessive = True
            last = match.end()
            continue
        if words and gap.strip() in ("'", "’") and words[-1].low.endswith("s") and not gap.startswith(" "):
            words[-1].possessive = True
        words.append(Word(match.group(), match.start(), match.end(), gap))
        last = match.end()
    if words:
        out.append(_sentence(text, words))
    return out


def _breaks(gap: str, before: Word, after: str) -> bool:
    """Whether the gap between two words ends a sentence."""
    if "\n" in gap and (gap.count("\n") > 1 or not any(c in gap for c in ",;:")):
        return True  # a paragraph, or a line that ends without punctuation (a headline)
    stop = next((i for i, c in enumerate(gap) if c in ".!?"), -1)
    if stop < 0 or not any(c.isspace() for c in gap[stop:]):
        return False
    if gap[stop] == "." and (before.low in _ABBREVIATIONS or (len(before.text) == 1 and before.text.isupper())):
        return False
    return after[:1].isupper() or after[:1].isdigit()


def _sentence(text: str, words: list[Word]) -> Sentence:
    sentence = Sentence(words, words[0].start, _end(text, words[-1].end))
    _mark_quotes(sentence)
    return sentence


def _end(text: str, end: int) -> int:
    """Extend a sentence over its closing punctuation and quotation marks."""
    while end < len(text) and text[end] in ".!?”\"’»)":
        end += 1
    return end


def _mark_quotes(sentence: Sentence) -> None:
    """Find the quotations of MIN_QUOTE_WORDS or more words (“…” or "…") and mark their words."""
    opened = -1
    for i, word in enumerate(sentence.words):
        gap = word.gap
        closes = any(c in _CLOSE_QUOTES for c in gap) or (opened >= 0 and '"' in gap)
        if opened >= 0 and closes:
            _quote(sentence, opened, i - 1)
            opened = -1
            gap = gap[max(gap.rfind(c) for c in _CLOSE_QUOTES + '"') + 1:]
        if opened < 0 and (any(c in _OPEN_QUOTES for c in gap) or '"' in gap):
            opened = i
    if opened >= 0:
        _quote(sentence, opened, len(sentence.words) - 1)


def _quote(sentence: Sentence, first: int, last: int) -> None:
    if last - first + 1 < MIN_QUOTE_WORDS:
        return
    sentence.quotes.append((first, last))
    for word in sentence.words[first:last + 1]:
        word.quote = len(sentence.quotes) - 1


def normalise(name: str) -> tuple[str, ...]:
    """The words of a name as a matching key: case folded, punctuation dropped.

    >>> normalise("Comprehensive Nuclear-Test-Ban Treaty")
    ('comprehensive', 'nuclear', 'test', 'ban', 'treaty')
    >>> normalise("Côte d'Ivoire")
    ('côte', 'd', 'ivoire')
    """
    return tuple(m.group().casefold() for m in _WORD.finditer(name))
