"""The statistics-period statement (统计期限: "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止")
found in a document's paragraphs with a pack's patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint import rx
from govlint.diagnostics import Location
from govlint.document import Paragraph
from govlint.packs.model import PeriodSpec

_SENTENCES = rx.compile(r"[^。！？!?]+[。！？!?]?")


@dataclass
class Period:
    complete: bool  # both dates are written (the whole year, or a part of it)
    paragraph: Paragraph
    start: int  # span in the paragraph's key
    end: int
    start_year: int | None
    end_year: int | None
    # "year": 1月1日 to 12月31日 (or "2017年度"); "part": both dates, not the whole year; "end-only":
    # only the end date; "undated": the statement without dates; "unfilled": its dates left blank;
    # "malformed": dates that lost their 年/月 ("20231月1日")
    kind: str = "year"
    dates: tuple[str, str] | None = None  # a part of the year: its start and end as written in the key

    @property
    def years(self) -> set[int]:
        return {y for y in (self.start_year, self.end_year) if y}

    @property
    def location(self) -> Location:
        return self.paragraph.location(self.start, self.end)

    @property
    def text(self) -> str:
        return self.paragraph.text(self.start, self.end)


def _year(text: str) -> int | None:
    """A year, or None for a placeholder such as 20××."""
    return int(text) if text.isdigit() else None


def _sentences(key: str):
    for m in _SENTENCES.finditer(key):
        yield m.start(), m.group(0)


def spec_key(spec: PeriodSpec) -> tuple:
    """What a search for the statement depends on: two specs with equal patterns find the same."""
    return (tuple(spec.keywords), spec.range, spec.end_only, spec.end_only_context, spec.whole_year)


def find_scoped_range(paragraphs: list[Paragraph], spec: PeriodSpec) -> Period | None:
    """The first full-year range written without a period keyword ("2009年1月1日至2009年12月31日，
    本局共主动公开…"): it dates the figures after it, not the report's data as a whole."""
    for para in paragraphs:
        for offset, sentence in _sentences(para.key):
            m = spec.range.search(sentence)
            if m:
                start = _year(m.group("start"))
                end = _year(m.group("end")[:4]) if m.group("end") else start
                return Period(True, para, offset + m.start(), offset + m.end(), start, end, "scoped")
    return None


def find_period(paragraphs: list[Paragraph], spec: PeriodSpec) -> Period | None:
    """The first complete statement, else the first incomplete one, else None."""
    incomplete: Period | None = None
    for para in paragraphs:
        key = para.key
        for offset, sentence in _sentences(key):
            has_keyword = any(k.search(sentence) for k in spec.keywords)
            m = spec.range.search(sentence)
            if m and has_keyword:
                start = _year(m.group("start"))
                end = _year(m.group("end")[:4]) if m.group("end") else start
                return Period(True, para, offset + m.start(), offset + m.end(), start, end)
            if has_keyword and spec.whole_year is not None:
                w = spec.whole_year.search(sentence)
                if w:
                    y = int(w.group("start"))
                    return Period(True, para, offset + w.start(), offset + w.end(), y, y)
            if has_keyword and spec.dated_range is not None:
                d = spec.dated_range.search(sentence)
                if d:  # both dates written, but not 1月1日 to 12月31日: a part of the year
                    start = int(d.group("start"))
                    end = int(d.group("end")[:4]) if d.group("end") else start
                    return Period(True, para, offset + d.start(), offset + d.end(), start, end, "part",
                                  (d.group("from"), d.group("to")))
            if incomplete is None and spec.end_only is not None:
                e = spec.end_only.search(sentence)
                if e and (spec.end_only_context is None or spec.end_only_context.search(sentence)):
                    incomplete = Period(False, para, offset + e.start(), offset + e.end(), None, int(e.group("end")),
                                        "end-only")
                    continue
            if incomplete is None and has_keyword and m is None:
                k = next(k.search(sentence) for k in spec.keywords if k.search(sentence))
                rest = sentence[k.start():]
                kind = None
                if _GLUED_YEAR.search(rest):
                    kind = "malformed"  # "自2016月1日起至2016年12月31日": a year that lost its 年
                elif re.search(r"\d{4}年", rest):
                    kind = "undated"
                elif spec.unfilled is not None and spec.unfilled.search(rest):
                    kind = "unfilled"
                elif _DATE_LIKE.search(rest):
                    kind = "malformed"
                if kind is not None:
                    incomplete = Period(False, para, offset + k.start(), offset + len(sentence.rstrip("。")),
                                        None, None, kind)
    return incomplete


_GLUED_YEAR = rx.compile(r"(?:19|20)\d{2}\d{0,2}月|(?:19|20)\d{3,}日")  # "2016月1日", "202312月31日", "20251231日"
_DATE_LIKE = rx.compile(r"\d+月\d+日|\d{5,}月")  # a date that lost its 年 ("20231月1日", "202312月31日")
