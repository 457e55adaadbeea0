"""Times in a sentence: a date, a month, a year, "six months later", "by January 2026", "last year".

Every time becomes a :class:`Time`: a span of days (a day, a month or a year), how it bounds the act
("on", "by", "since") and whether its year was only inferred from the text around it ("on 8 May" in an
article about 2025), in which case it can support a claim but never contradict one.
"""

from __future__ import annotations

import calendar
import datetime as dt

from armskg.check.text import Word

_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name and name != "May"})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_UNITS = {"day": 0, "days": 0, "week": 0, "weeks": 0, "month": 1, "months": 1, "year": 12, "years": 12}
_AGO_UNITS = {**_UNITS, "decade": 120, "decades": 120}  # "two decades ago"; "within a decade" is no time to check
_NOT_YEAR_BEFORE = frozenset({"article", "no", "resolution", "protocol", "number", "law", "decree", "c", "n"})
_MONTH_CUES = frozenset({"in", "since", "by", "until", "till", "early", "late", "mid", "of", "from", "before",
                         "after", "last", "this", "next", "during", "end", "beginning", "start", "middle"})


class Time:
    """A time a claim names: the days it covers, how it bounds the act, and how sure its year is."""

    __slots__ = ("end", "inferred", "months", "precision", "qualifier", "start", "text")

    def __init__(self, start: dt.date, end: dt.date, precision: str, text: str, inferred: bool = False) -> None:
        self.start, self.end, self.precision, self.text, self.inferred = start, end, precision, text, inferred
        #: "on" (within the span), "by" (on or before its end), "since" (from within it on)
        self.qualifier = "on"
        #: for a relative time ("six months later"): the months after the anchor; the span is then the anchor's
        self.months: int | None = None

    def contains(self, day: str | dt.date) -> bool:
        """Whether a day (ISO text or date) falls within the time, as its qualifier reads it."""
        when = dt.date.fromisoformat(day) if isinstance(day, str) else day
        if self.qualifier == "by":
            return when <= self.end
        return self.start <= when <= self.end

    def words(self) -> str:
        """The time in plain words for a claim: "on 2025-05-08", "in 2003", "by 2026-01"."""
        if self.precision == "day":
            shown = self.start.isoformat()
        elif self.precision == "month":
            shown = self.start.isoformat()[:7]
        elif self.precision == "years":
            shown = f"{self.start.year}-{self.end.year}"
        else:
            shown = str(self.start.year)
        lead = {"by": "by", "since": "since"}.get(self.qualifier, "on" if self.precision == "day" else "in")
        return f"{lead} {shown}" + (" (year inferred)" if self.inferred else "")

    def __repr__(self) -> str:
        return f"Time({self.start}..{self.end}, {self.precision}, {self.qualifier}{', inferred' if self.inferred else ''})"


class Found:
    """A time found in a sentence: words ``i`` to ``j`` (exclusive) and what it means."""

    __slots__ = ("i", "j", "time")

    def __init__(self, i: int, j: int, time: Time) -> None:
        self.i, self.j, self.time = i, j, time


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(word: Word) -> int | None:
    return int(word.text) if len(word.text) == 4 and word.text.isdigit() and 1900 <= int(word.text) <= 2099 else None


def _month(words: list[Word], i: int) -> int | None:
    """The month a word names: capitalised, and "May" only where it cannot be the verb."""
    word = words[i]
    month = _MONTHS.get(word.low)
    if month is None or not word.capitalised:
        return None
    if word.low == "may":
        nxt = words[i + 1] if i + 1 < len(words) else None
        prev = words[i - 1].low if i else ""
        if not ((nxt is not None and nxt.text.isdigit()) or prev in _MONTH_CUES):
            return None
    return month


def _number(word: Word, numbers: dict[str, int]) -> int | None:
    if word.text.isdigit() and len(word.text) <= 3:
        return int(word.text)
    if word.low in ("a", "an"):
        return 1
    return numbers.get(word.low)


class Reader:
    """Reads the times of a text sentence by sentence, remembering the last year named (to infer a year
    left out) and the last date (the anchor of "six months later")."""

    def __init__(self, as_of: dt.date, numbers: dict[str, int]) -> None:
        self.as_of, self.numbers = as_of, numbers
        self.last_year: int | None = None
        self.anchor: Time | None = None

    def find(self, words: list[Word]) -> list[Found]:
        """Every time in a sentence's words, left to right."""
        found: list[Found] = []
        i = 0
        while i < len(words):
            hit = self._at(words, i)
            if hit is None:
                i += 1
                continue
            self._qualify(words, hit)
            found.append(hit)
            if hit.time.months is None:
                if not hit.time.inferred and hit.time.precision == "day":
                    self.last_year = hit.time.start.year
                self.anchor = hit.time
            i = hit.j
        return found

    def _at(self, words: list[Word], i: int) -> Found | None:
        for reader in (self._iso, self._day_month, self._month_day, self._month_year, self._relative,
                       self._deictic, self._year_only):
            hit = reader(words, i)
            if hit is not None:
                return hit
        return None

    def _iso(self, words: list[Word], i: int) -> Found | None:
        if i + 2 >= len(words) or _year(words[i]) is None:
            return None
        m, d = words[i + 1], words[i + 2]
        if not (m.gap == "-" and d.gap == "-" and len(m.text) == 2 and len(d.text) == 2 and m.text.isdigit()
                and d.text.isdigit()):
            return None
        day = _day(int(words[i].text), int(m.text), int(d.text))
        return Found(i, i + 3, Time(day, day, "day", day.isoformat())) if day else None

    def _ordinal_end(self, words: list[Word], j: int) -> int:
        return j + 1 if j < len(words) and words[j].low in ("th", "st", "nd", "rd") and words[j].gap == "" else j

    def _day_month(self, words: list[Word], i: int) -> Found | None:
        if not (words[i].text.isdigit() and len(words[i].text) <= 2):
            return None
        j = self._ordinal_end(words, i + 1)
        if j < len(words) and words[j].low == "of":
            j += 1
        if j >= len(words) or not words[j].capitalised or words[j].low not in _MONTHS:
            return None  # after a day's number, "May" is the month
        return self._dated(words, i, j + 1, _MONTHS[words[j].low], int(words[i].text))

    def _month_day(self, words: list[Word], i: int) -> Found | None:
        month = _month(words, i)
        if month is None or i + 1 >= len(words) or not (words[i + 1].text.isdigit() and len(words[i + 1].text) <= 2):
            return None
        return self._dated(words, i, self._ordinal_end(words, i + 2), month, int(words[i + 1].text))

    def _dated(self, words: list[Word], i: int, j: int, month: int, day_no: int) -> Found | None:
        year = _year(words[j]) if j < len(words) else None
        if year is not None:
            day = _day(year, month, day_no)
            return Found(i, j + 1, Time(day, day, "day", day.isoformat())) if day else None
        year = self._infer(month, day_no)
        day = _day(year, month, day_no)
        return Found(i, j, Time(day, day, "day", day.isoformat(), inferred=True)) if day else None

    def _infer(self, month: int, day_no: int = 1) -> int:
        """The year of a date named without one: the year of the last full date named before ("on 8 May
        2025 ... on 27 June"), else the as-of year, or the year before it if the date would be after the
        as-of date."""
        if self.last_year is not None:
            return self.last_year
        year = self.as_of.year
        return year - 1 if (month, day_no) > (self.as_of.month, self.as_of.day) else year

    def _month_year(self, words: list[Word], i: int) -> Found | None:
        month = _month(words, i)
        if month is None:
            return None
        of = 1 if i + 2 < len(words) and words[i + 1].low == "of" and _year(words[i + 2]) is not None else 0
        year = _year(words[i + 1 + of]) if i + 1 + of < len(words) else None  # "June 2025", "June of 2025"
        inferred = year is None
        if year is None:
            prev = words[i - 1].low if i else ""
            if prev not in _MONTH_CUES:
                return None
            year = self._infer(month)
        start, end = _month_span(year, month)
        return Found(i, i + (1 if inferred else 2 + of), Time(start, end, "month", start.isoformat()[:7], inferred))

    def _year_only(self, words: list[Word], i: int) -> Found | None:
        year = _year(words[i])
        if year is None or (i and words[i - 1].low in _NOT_YEAR_BEFORE):
            return None
        if year % 10 == 0 and i + 1 < len(words) and words[i + 1].low == "s" and words[i + 1].gap in ("", "'"):
            # "in the 1990s" (early, mid or late: the decade's ten years), not the year 1990
            return Found(i, i + 2, Time(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "years", f"{year}s"))
        last = self._range_end(words, i, year)
        if last is not None:  # "2002-03", "2002–2003", "between 1997 and 1999": every year of it, not the first
            j, end = last
            return Found(i, j, Time(dt.date(year, 1, 1), dt.date(end, 12, 31), "years", f"{year}-{end}"))
        return Found(i, i + 1, Time(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", str(year)))

    @staticmethod
    def _range_end(words: list[Word], i: int, year: int) -> tuple[int, int] | None:
        """Where a range of years that starts at word ``i`` ends (the word after it) and its last year."""
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and nxt.gap in ("-", "–", "/") and nxt.text.isdigit():
            end = _year(nxt) or (year // 100 * 100 + int(nxt.text) if len(nxt.text) == 2 else None)
            return (i + 2, end) if end is not None and year < end <= year + 10 else None
        before = words[i - 1].low if i else ""
        joiner = {"between": "and", "from": "to"}.get(before)
        if joiner and i + 2 < len(words) and words[i + 1].low == joiner:
            end = _year(words[i + 2])
            return (i + 3, end) if end is not None and year < end <= year + 50 else None
        return None

    def _relative(self, words: list[Word], i: int) -> Found | None:
        """ "six months later", "a year after", "in six months", "six months from" (the anchor: the last date)."""
        n = _number(words[i], self.numbers)
        if n is None or i + 1 >= len(words) or words[i + 1].low not in _AGO_UNITS:
            return None
        unit = words[i + 1].low
        after = words[i + 2].low if i + 2 < len(words) else ""
        before = words[i - 1].low if i else ""
        if after == "ago":
            return self._ago(i, n, unit, " ".join(w.text for w in words[i:i + 3]))
        if unit not in _UNITS:
            return None
        if after not in ("later", "after", "afterwards", "from", "since") and before not in ("in", "within", "after"):
            return None
        if _UNITS[unit] == 0:
            return None  # days and weeks: too fine to check against a rule counted in months
        anchor = self.anchor.start if self.anchor is not None and before not in ("in", "within") else self.as_of
        time = Time(anchor, anchor, "relative", " ".join(w.text for w in words[i:i + 2]))
        time.months = n * _UNITS[unit]
        return Found(i, i + 2 + (after in ("later", "afterwards")), time)

    def _this_or_last(self, i: int, low: str, unit: str) -> Found:
        """ "last month", "this month", "last week", "this week", from the as-of date."""
        if unit == "month":
            months = self.as_of.year * 12 + self.as_of.month - 1 - (low == "last")
            start, end = _month_span(months // 12, months % 12 + 1)
            return Found(i, i + 2, Time(start, end, "month", f"{low} month"))
        monday = self.as_of - dt.timedelta(days=self.as_of.weekday() + (7 if low == "last" else 0))
        time = Time(monday, min(monday + dt.timedelta(days=6), self.as_of), "day", f"{low} week")
        time.inferred = True  # a week is wider than the day it is shown as
        return Found(i, i + 2, time)

    def _ago(self, i: int, n: int, unit: str, text: str) -> Found | None:
        """ "ten years ago", "two months ago", "a week ago": counted back from the as-of date, a year or a
        month or a day wide, and loose (inferred): it supports an act that falls in it, never contradicts."""
        try:
            if _AGO_UNITS[unit] >= 12:
                year = self.as_of.year - n * _AGO_UNITS[unit] // 12
                start, end, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
            elif _UNITS[unit] == 1:
                months = self.as_of.year * 12 + self.as_of.month - 1 - n
                start, end = _month_span(months // 12, months % 12 + 1)
                precision = "month"
            else:
                start = end = self.as_of - dt.timedelta(days=n * (7 if unit.startswith("week") else 1))
                precision = "day"
        except (ValueError, OverflowError):  # before the calendar's first year
            return None
        return Found(i, i + 3, Time(start, end, precision, text, inferred=True))

    def _deictic(self, words: list[Word], i: int) -> Found | None:
        """ "last year", "this year", "next year", "today" (by then), "yesterday", "on Thursday" (from the as-of
        date: the last such day on or before it)."""
        low = words[i].low
        if low in ("today", "now"):
            found = Found(i, i + 1, Time(self.as_of, self.as_of, "day", low))
            found.time.qualifier = "by"
            return found if low == "today" or (i and words[i - 1].low in ("by", "until")) else None
        if low in _WEEKDAYS and i + 1 < len(words) and any(
                read(words, i + 1) for read in (self._iso, self._day_month, self._month_day)):
            return None  # "on Friday, 27 June 2019": the date says which Friday, and its year counts
        if low == "yesterday" or (low in _WEEKDAYS and words[i].capitalised and i and words[i - 1].low == "on"):
            back = 1 if low == "yesterday" else (self.as_of.weekday() - _WEEKDAYS[low]) % 7
            day = self.as_of - dt.timedelta(days=back)
            return Found(i, i + 1, Time(day, day, "day", low))
        if low in ("last", "this", "next") and i + 1 < len(words) and words[i + 1].low == "year":
            year = self.as_of.year + {"last": -1, "this": 0, "next": 1}[low]
            return Found(i, i + 2, Time(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"{low} year"))
        if low in ("last", "this") and i + 1 < len(words) and words[i + 1].low in ("month", "week"):
            return self._this_or_last(i, low, words[i + 1].low)
        return None

    @staticmethod
    def _qualify(words: list[Word], hit: Found) -> None:
        if hit.time.qualifier != "on":
            return
        """ "by", "before", "until", "as of" bound the act by the time's end; "since" from within it."""
        prev = words[hit.i - 1].low if hit.i else ""
        prev2 = " ".join(w.low for w in words[max(0, hit.i - 2):hit.i])
        if prev == "before" or prev2 == "prior to":
            hit.time.qualifier = "by"
            hit.time.end = hit.time.start - dt.timedelta(days=1)
        elif prev in ("by", "until", "till") or prev2 in ("as of", "later than"):
            hit.time.qualifier = "by"
        elif prev == "since":
            hit.time.qualifier = "since"
