"""Facts: what the rules share, computed once per document, between the document and the rules.

A :class:`Report` holds what a document says about itself whatever the pack: its year (and
where it was found), its agency and the agency's kind, where its introduction begins, its
paragraphs. The linter chooses the pack from these facts (:mod:`govlint.selection`). A
:class:`Context` adds what follows from the chosen pack: the sections (the heading alignment
and each section's span), the statistics period, the tables (their evidence, regions and
cells) and the contact details. Rules read facts; they never compute them, and never read each
other. Each fact is computed on first use and kept: a run that selects only some rules pays
only for the facts those read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from govlint import rx
from govlint.diagnostics import Location
from govlint.document import Document, Heading, Line, Paragraph, is_metadata, line_location, point_location
from govlint.evidence import TableEvidence, find_table, table_region
from govlint.matcher import Alignment, Match, matcher_for
from govlint.normalize import fold, nfkc, norm, same_agency
from govlint.outline import (compiler_agency, publication_date, contact_agency, cut_off, header_agency, paragraphs, published_by, report_content_signs,
                             report_signal, signature_agency, subject_agency, title_agency, without_office, year_in)
from govlint.packs.model import Pack, PeriodSpec, TableSpec
from govlint.period import Period, find_period, find_scoped_range, spec_key
from govlint.tables import ReadTable, read_table, well_read

# How an agency's name ends tells its kind (2019 条例 第四十九、五十条): a government (人民政府, a
# zone's 管委会, a bare place name: its report is due by 3月31日 and must cover 工作考核…) or a
# department (局, 委, 办…: due by 1月31日). A 街道办事处 is neither (the spec leaves it open).
_UNKNOWN_NAME = rx.compile(r"(街道办事处|街道办|街道)$")
_SENTENCE = rx.compile(r"[^。；;！？!?]+[。；;！？!?]?")
# a sentence that lists the report's parts: naming a topic there is no account of it
_PARTS_LIST = rx.compile(r"组成|(本报告|全文|本年报|年报|报告).{0,12}(包括|分为|由).{0,200}部分")
_GOVERNMENT_NAME = rx.compile(r"(人民政府|(?<!部门)政府|管委会|管理委员会|行政公署|苏木|[省市县区旗镇乡州盟]|自治[州县区旗])$")


def agency_kind_of(name: str | None) -> tuple[str | None, str | None]:
    """(kind, the end of the name that decided it): ("government", "人民政府"), ("department",
    None), (None, "街道办事处") when the name leaves it open, (None, None) without a name."""
    if not name:
        return None, None
    key = norm(name)
    m = _UNKNOWN_NAME.search(key)
    if m:
        return None, m.group(1)
    m = _GOVERNMENT_NAME.search(key)
    return ("government", m.group(1)) if m else ("department", None)


def agency_kind_from_name(name: str | None) -> str | None:
    """各级人民政府 ("government"), a department, or None (no name, or one that leaves it open)."""
    return agency_kind_of(name)[0]


def _agency(doc: Document) -> tuple[str | None, str | None]:
    """(the agency's name, where it was found): the title, the page's 标题 field, the signature,
    an opening "由…编制", the page's 发布机构, the subject of the overview's first sentence, the
    office the public is asked to contact. A bare name in the title ("公安局2009年…") gives way to a
    fuller one that ends with it (the signature's "平潭县公安局")."""
    title_source = "header" if doc.title is not None and doc.title.header else "title"
    found = None
    for source, find in ((title_source, lambda: title_agency(doc.title) if doc.title else None),
                         ("header", lambda: header_agency(doc) if doc.title is None or not doc.title.header else None),
                         ("signature", lambda: signature_agency(doc)), ("compiler", lambda: compiler_agency(doc)),
                         ("publisher", lambda: published_by(doc)), ("subject", lambda: subject_agency(doc)),
                         ("contact", lambda: contact_agency(doc))):
        name = find()
        if not name:
            continue
        if found is None:
            if len(norm(name)) > 3:
                return name, source
            found = (name, source)  # "公安局": look on for the full name
        else:
            full = without_office(name)
            if len(norm(full)) > len(norm(found[0])) and norm(full).endswith(norm(found[0])):
                return full, source
    return found if found is not None else (None, None)


# How a report without its agency's name speaks of itself: "我乡", "本镇" (a government), "我局",
# "本单位" (a department), "我街道" (left open, as the name 街道办事处 is).
_SELF_REFERENCE = rx.compile(r"[我本](局|委|办|厅|署|中心|单位|镇|乡|苏木|县|区|市|州|旗|盟|省|街道)")
_SELF_KIND = {"镇": "government", "乡": "government", "苏木": "government", "县": "government", "区": "government", "市": "government",
              "州": "government", "旗": "government", "盟": "government", "省": "government", "街道": None}


def kind_from_self_reference(doc: Document) -> tuple[str | None, str | None]:
    """(kind, the word that decided it) from the words a report without a name uses for itself,
    the most frequent winning; (None, None) when it uses none or they tie."""
    counts: dict[str, int] = {}
    for line in doc.lines:
        if line.blank or "我" not in line.key and "本" not in line.key:
            continue
        for m in _SELF_REFERENCE.finditer(line.key):
            counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    if not counts:
        return None, None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        kinds = {_SELF_KIND.get(w[1:], "department") for w, n in ranked if n == ranked[0][1]}
        if len(kinds) > 1:
            return None, None
    word = ranked[0][0]
    return _SELF_KIND.get(word[1:], "department"), word


_YEARS = rx.compile(r"(?:19|20)[0-9]{2}(?=年)|[一二三四五六七八九〇○零]{4}(?=年)")
_MASK = rx.compile(r"[0-9〇○零]+(?:\.[0-9]+)?|[一二三四五六七八九〇○零]{4}(?=年)")  # numbers and years, for comparing two years' text


class Report:
    """What one document says about itself, whatever the pack.

    ``year_period``: the statistics-period patterns the year is looked for with when the title
    names none (the pinned pack's, else those of the packs chosen by year: the year is needed
    to choose). ``agency_kind``: the kind given by the user, else it follows from the name.
    """

    def __init__(self, doc: Document, year_period: PeriodSpec | None = None, agency_kind: str | None = None):
        self.doc = doc
        self._periods: dict[tuple, Period | None] = {}
        self.agency, self.agency_source = _agency(doc)
        self.agency_kind_basis: str | None = None  # the end of the name, or the word, that decided the kind
        if agency_kind:
            self.agency_kind, self.agency_kind_source = agency_kind, "option"
        elif self.agency:
            self.agency_kind, self.agency_kind_basis = agency_kind_of(self.agency)
            self.agency_kind_source = "name"
        else:
            self.agency_kind, self.agency_kind_basis = kind_from_self_reference(doc)
            self.agency_kind_source = "self-reference" if self.agency_kind_basis else None
        self.year, self.year_source = self._year(year_period)

    def _year(self, spec: PeriodSpec | None) -> tuple[int | None, str | None]:
        """The title's year, else the statistics period's, else the first 20XX年 in the text."""
        doc = self.doc
        if doc.title is not None:
            year = year_in(doc.title.key)
            if year:
                return year, "title"
        period = self.period(spec) if spec is not None else None
        if period is not None:
            year = period.start_year if period.complete else period.end_year
            if year:
                return year, "period"
        for line in doc.lines:
            if is_metadata(line):
                continue
            y = year_in(line.folded)
            if y and 1990 <= y <= 2100:
                return y, "text"
        return None, None

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        return paragraphs(self.doc)

    def period(self, spec: PeriodSpec) -> Period | None:
        """The statistics-period statement found with ``spec``'s patterns (searched once for
        every spec with the same patterns: the year's and the chosen pack's are usually one)."""
        key = spec_key(spec)
        if key not in self._periods:
            self._periods[key] = find_period(self.paragraphs, spec)
        return self._periods[key]

    @cached_property
    def published(self):
        """(date, line, key start, key end, label) of the publication date: a 发布日期 line, a
        page's dated line, else the date under the signature (label None); None when there is none
        (see :func:`govlint.outline.publication_date`)."""
        return publication_date(self.doc)

    @cached_property
    def cut_line(self) -> Line | None:
        """The last line, when the text stops mid-sentence (see :func:`govlint.outline.cut_off`)."""
        return cut_off(self.doc)

    @cached_property
    def report_signal(self) -> bool | None:
        """What the document says it is: an annual report (True), another document (False: a
        notice, a plan, a summary), or nothing (None)."""
        return report_signal(self.doc)

    @property
    def presents_as_report(self) -> bool:
        """The title or the opening says this is an annual report."""
        return self.report_signal is True

    @cached_property
    def intro_location(self) -> Location:
        """Where an introduction statement belongs: the line after the title (or line 1)."""
        doc = self.doc
        if doc.title:
            last = doc.title.lines[-1]
            for line in doc.lines:
                if line.number > last.number and not line.blank and not is_metadata(line):
                    return point_location(line)
            return point_location(last)
        first = next((l for l in doc.lines if not l.blank), None)
        return point_location(first) if first else Location(doc.first_display, 1)


class Context:
    """The facts of one report under the pack chosen for it: what a rule reads.

    ``selection`` is the :class:`govlint.selection.Selection` that chose ``pack`` (its fits align
    every candidate pack; the chosen one's alignment is reused); ``previous`` is last year's
    report, for the cross-year checks."""

    def __init__(self, report: Report, pack: Pack, selection=None, lang: str = "zh", previous: "Context | None" = None):
        self.report = report
        self.pack = pack
        self.selection = selection
        self.lang = lang
        self.previous = previous
        self._evidence: dict[str, TableEvidence] = {}

    # -- the report's own facts
    @property
    def doc(self) -> Document:
        return self.report.doc

    @property
    def year(self) -> int | None:
        return self.report.year

    @property
    def agency(self) -> str | None:
        return self.report.agency

    @property
    def agency_kind(self) -> str | None:
        return self.report.agency_kind

    @property
    def agency_kind_source(self) -> str | None:
        return self.report.agency_kind_source

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.report.paragraphs

    @property
    def intro_location(self) -> Location:
        return self.report.intro_location

    # -- sections
    @cached_property
    def alignment(self) -> Alignment:
        fitted = self.selection.fit_of(self.pack) if self.selection is not None else None
        if fitted is not None and fitted.pack is self.pack:
            return fitted.alignment  # the selection aligned this pack already
        return matcher_for(self.pack).align(self.doc)

    @cached_property
    def traditional(self) -> bool:
        """Written in traditional characters (more than 1 in 100 of the first 3,000 Chinese
        characters change when simplified): text govlint inserts would be in the wrong script."""
        text = "".join(l.content for l in self.doc.lines[:200])[:3000]
        changed = sum(1 for a, b in zip(nfkc(text), fold(text)) if a != b)
        return changed * 100 > max(1, len(text))

    @cached_property
    def intro_anchor(self):
        """(line, column) before which an introduction statement is inserted: the first section
        heading, or the lead-in before it ("…现将有关情况报告如下：") when there is one (the
        statement goes before the lead-in, which leads into section one); None without a heading."""
        headings = [m.heading for m in self.alignment.matches]
        if not headings:
            return None
        first = min(headings, key=lambda h: h.position)  # where the introduction ends
        before = [l for l in self.doc.lines if l.number < first.line.number and not l.blank]
        title = self.doc.title.lines[-1].number if self.doc.title else 0
        lead = before[-1] if before else None
        if lead is not None and lead.number > title and not lead.offset and lead.text.rstrip().endswith(("：", ":")):
            return lead, 0
        return first.line, first.start

    @cached_property
    def is_report(self) -> bool:
        """An annual report by its title or opening; never a document whose title says it is
        something else (a notice about the reports, a plan, a summary). A whole file that says
        neither is judged by its content: the pack's sections found in order, a statistics-period
        statement and the statistics tables, three of these together (a draft or a page without
        its title, "一、总体情况" first)."""
        signal = self.report.report_signal
        if signal is not None:
            return signal
        if self.doc.part is not None:
            return False
        fit = sum(1 for m in self.alignment.matches if m.in_order)
        if fit >= 3:
            return True
        fit += self.period is not None and self.period.kind != "end-only"
        fit += report_content_signs(self.doc)
        if fit >= 3:
            return True
        return fit + any(self.evidence(t).present(t.min_rows) for t in self.pack.tables) >= 3

    @cached_property
    def last_section(self) -> int:
        """The number of the last section found in order (0: none)."""
        return max((m.section.number for m in self.alignment.matches if m.in_order), default=0)

    @cached_property
    def truncated(self) -> bool:
        """The text stops mid-way before its last section: what the pack asks for after the
        point where it stops (later sections, their tables, contact details at the end, content
        that may be written further on) cannot be judged absent."""
        if not self.pack.sections:
            return False
        last = self.last_section
        later = [s for s in self.alignment.missing if s.number > last and not s.optional]
        if self.report.cut_line is not None:
            return bool(later)
        # a text holding only the first section, every later one missing, is a part of a report
        # (a page's opening that happens to end at a full stop), not a report without five parts
        first = min(s.number for s in self.pack.sections)
        return last == first and len(later) >= 3 and len(later) == len([s for s in self.pack.sections if s.number > first and not s.optional])

    @property
    def stop_line(self) -> Line | None:
        """Where a truncated text stops: the line cut mid-way, else its last line of content."""
        if self.report.cut_line is not None:
            return self.report.cut_line
        return next((l for l in reversed(self.doc.lines) if not l.blank and not is_metadata(l)), None)

    def cut_before(self, section_number: int | None) -> bool:
        """Whether the text may stop before section ``section_number`` ends (the section found last,
        or one after it; a table or content without a section: anywhere)."""
        if not self.truncated:
            return False
        return section_number is None or section_number >= self.last_section

    @cached_property
    def _boundaries(self) -> tuple[list[int], list[int], list[int]]:
        """Sorted line numbers: of the matched headings; of those and every level-1 heading; of
        the document's lines."""
        matched = sorted({m.heading.line.number for m in self.alignment.matches})
        headings = sorted(set(matched) | {h.line.number for h in self.doc.headings})
        return matched, headings, [l.number for l in self.doc.lines]

    def _after(self, numbers: list[int], line: int) -> int:
        at = bisect_right(numbers, line)
        return numbers[at] if at < len(numbers) else self.doc.last_line + 1

    def next_section_line(self, heading: Heading) -> int:
        """Where the section headed by ``heading`` ends for its table: the next matched section's
        heading line (an unmatched heading inside it does not end it), else past the end."""
        return self._after(self._boundaries[0], heading.line.number)

    def next_heading_line(self, heading: Heading) -> int:
        """Where the section's text ends: the next heading line, matched or level-1."""
        return self._after(self._boundaries[1], heading.line.number)

    def lines_between(self, after: int, before: int) -> list[Line]:
        """The document's lines numbered after ``after`` and before ``before``."""
        numbers = self._boundaries[2]
        return self.doc.lines[bisect_right(numbers, after):bisect_left(numbers, before)]

    def section_lines(self, number: int | None) -> list[Line] | None:
        """The lines of section ``number`` (its heading to the next matched section), if it is
        found; its heading's own words only when the heading is run-on text."""
        if number is None:
            return None
        m = self.alignment.match_for(number)
        if m is None:
            return None
        h = m.heading
        first = h.line.number if len(h.line.key) > 300 else h.line.number + 1
        return self.lines_between(first - 1, self.next_section_line(h))

    def section_text(self, match: Match) -> str:
        """Normalised text of a matched section: its heading line's rest and the lines up to the
        next heading."""
        h = match.heading
        body = [h.rest] + [l.key for l in self.lines_between(h.line.number, self.next_heading_line(h))]
        return norm("".join(body))

    @cached_property
    def previous_mismatch(self) -> str | None:
        """Why last year's report does not go with this one: "year" (it is not the year before),
        "agency" (another agency: neither name holds the other); None when it fits or there is
        none. Across-year checks are made only for a report that fits."""
        prev = self.previous
        if prev is None:
            return None
        if self.year and prev.year and self.year - prev.year != 1:
            return "year"
        if self.agency and prev.agency and not same_agency(self.agency, prev.agency):
            return "agency"
        return None

    def section_pieces(self, match: Match) -> list[str]:
        """A matched section's text as written, piece by line, from the end of its heading to the
        next heading (matched or level 1), in run-on text too, where several headings share a
        line: what is compared with last year's report."""
        h = match.heading
        after = [x.heading.position for x in self.alignment.matches] + [x.position for x in self.doc.headings if x.level == 1]
        nxt = min((pos for pos in after if pos > h.position), default=(self.doc.last_line + 1, 0))
        out = []
        for line in self.lines_between(h.line.number - 1, nxt[0] + 1):
            text = line.text
            a = h.end if line.number == h.line.number else 0
            b = nxt[1] if line.number == nxt[0] else len(text)
            if line.number <= nxt[0] and a < b:
                out.append(text[a:b])
        return out

    def section_dated(self, match: Match) -> str:
        """A matched section's whole text (tables too), normalised, with only the years masked:
        equal for two years only when the numbers are equal too."""
        return _YEARS.sub("#", norm("".join(self.section_pieces(match))))

    def section_prose(self, match: Match) -> str:
        """A matched section's sentences with numbers masked, for comparing the text of two years:
        pieces that are prose (a dozen Chinese characters or more, no table cells), normalised,
        every run of digits (and Chinese year digits) one “#”."""
        kept = []
        for text in self.section_pieces(match):
            if "|" in text or "\t" in text.strip():
                continue
            key = norm(text)
            if sum(1 for c in key if "\u4e00" <= c <= "\u9fff") < 12:
                continue
            kept.append(_MASK.sub("#", key))
        text = "".join(kept)
        for label in self._table_labels:  # a table laid out as running text is no prose
            text = text.replace(label, "")
        return text.replace("#", "")

    @cached_property
    def _table_labels(self) -> list[str]:
        """The pack's table titles and row and column labels, normalised, longest first."""
        labels = set()
        for spec in self.pack.tables:
            labels.update(norm(x) for x in [spec.title, *[r.label for r in spec.rows], *[c.label for c in spec.columns]] if x)
        return sorted((x for x in labels if len(x) >= 2), key=len, reverse=True)

    def section_body(self, match: Match) -> list[str]:
        """A matched section's text as written, before the statistics appendix: the heading
        line's rest, then each line up to the next heading."""
        doc = self.doc
        h = match.heading
        end_line = doc.lines[doc.appendix_start].number if doc.appendix_start is not None else doc.last_line + 1
        stop = min(self.next_heading_line(h), end_line)
        return [h.rest] + [l.text for l in self.lines_between(h.line.number, stop)]

    def topic_location(self, section) -> Location | None:
        """Where the text or a table covers a section's topic (its ``covered_by``) though no
        heading names it; a sentence that lists the report's parts ("本报告由…组成") does not count."""
        if section.covered_by is None:
            return None
        for para in self.paragraphs:  # sentence by sentence: a pattern may be anchored at a sentence's start
            key = para.key
            for m in _SENTENCE.finditer(key):
                sentence = m.group(0)
                if _PARTS_LIST.search(sentence):
                    continue
                hit = section.covered_by.search(sentence)
                if hit is not None:
                    a = m.start() + hit.start()
                    return para.location(a, m.start() + hit.end())
        # a table row ("行政复议数 | 件 | 0"): the lines that are no paragraph's
        for line in self.doc.lines:
            if ("|" in line.content or "\t" in line.content.strip()) and section.covered_by.search(line.key):
                return line_location(line)
        return None

    # -- the statistics period
    @cached_property
    def period(self) -> Period | None:
        spec = self.pack.statistics_period
        return self.report.period(spec) if spec is not None else None

    @cached_property
    def scoped_range(self) -> Period | None:
        """A full-year range that dates some figures but is no statement of the period."""
        spec = self.pack.statistics_period
        return find_scoped_range(self.report.paragraphs, spec) if spec is not None else None

    # -- tables
    def table_image(self, spec: TableSpec) -> int | None:
        """The line a picture follows in the table's place (its section, or after its name), when
        the text has one there: a table pasted as a picture."""
        images = self.doc.source.images
        if not images:
            return None
        first, end = None, None
        home = self.alignment.match_for(spec.section) if spec.section else None
        if home is not None:
            first, end = home.heading.line.number, self.next_section_line(home.heading)
        title = self.evidence(spec).title_line
        if title is not None:
            first, end = title.number, end if end is not None and end > title.number else self.doc.last_line + 1
        if first is None:
            return None
        return next((n for n in images if first <= n < end), None)

    def evidence(self, spec: TableSpec) -> TableEvidence:
        got = self._evidence.get(spec.id)
        if got is None:
            got = self._evidence[spec.id] = find_table(self.doc, spec, lambda: self.section_lines(spec.section))
        return got

    @cached_property
    def tables(self) -> dict[str, ReadTable]:
        """The pack's tables that are present and described row by row, read: {table id: ReadTable}."""
        out = {}
        # the format's own tables first: where one is printed, a local annex's labels found in it
        # are not that annex (and the annex is not read)
        for spec in sorted(self.pack.tables, key=lambda t: not t.required):
            if not spec.rows or (not spec.required and any(t.spec.required and well_read(t) for t in out.values())):
                continue
            if not self.evidence(spec).present(spec.min_rows):
                continue
            out[spec.id] = read_table(spec, table_region(self.doc, spec, lambda: self.section_lines(spec.section)))
        return {t.id: out[t.id] for t in self.pack.tables if t.id in out}  # in the pack's order

    @cached_property
    def trusted_tables(self) -> dict[str, ReadTable]:
        """The tables whose every number the table rules check: all but those read by OCR. In those
        only the relations whose numbers OCR read with confidence are checked (table-sum-mismatch);
        a row or column OCR missed, or a misread word, is not reported."""
        return {k: t for k, t in self.tables.items() if not t.ocr}

    # -- contact details
    @cached_property
    def contact(self) -> tuple[dict[str, Location], list[tuple[Location, str]]] | None:
        """The first match of each of the pack's contact fields ({field id: location}) and the
        labels left empty ([(location, label as written)]); None when the pack asks for none."""
        spec = self.pack.contact
        if spec is None:
            return None
        found: dict[str, Location] = {}
        empty: list[tuple[Location, str]] = []
        for para in self.paragraphs:
            key = para.key
            for f in spec.fields:
                if f.id in found:
                    continue
                m = f.pattern.search(key)
                if m:
                    found[f.id] = para.location(m.start(), m.end())
            if spec.empty_label is not None:
                for m in spec.empty_label.finditer(key):
                    empty.append((para.location(m.start(), m.end()), para.text(m.start(), m.end())))
        return found, empty
