"""Numbers stated in the prose against the tables (the pack's ``narratives``)."""

from __future__ import annotations

import re

from govlint import rx
from govlint.checks import Rule, fmt_number, register
from govlint.diagnostics import Severity
from govlint.facts import Context
from govlint.patterns import required_literal, substring_safe

_CLAUSE = rx.compile(r"[^。；;！？!?]+")
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _upto_comma(text: str, end: int) -> str:
    """The clause up to the end of the comma-separated part holding ``end``: what a statement's
    own words are ("…4970条，其中网站公开4210条" stops before 其中)."""
    comma = min((i for i in (text.find("，", end), text.find(",", end)) if i >= 0), default=len(text))
    return text[:comma]


def cn_int(text: str) -> int | None:
    """25, 二十五, 一百零三, 两 → int; None if not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@register
class NarrativeTableMismatch(Rule):
    id = "narrative-table-mismatch"
    code = "GL409"
    severity = Severity.WARNING
    family = "tables"
    summary = "正文中的数字与统计表不一致"
    message = {
        "zh": "正文写“{quote}”，与表中{name}的 {expected} 不一致：{cells}",
        "en": "the text says “{quote}”, but the table's {name} is {expected}: {cells}",
    }
    rationale = ("正文概述的申请数、复议诉讼数应与统计表一致；不一致时读者不知道以哪个为准。只比较锚定的表述"
                 "（如“共收到政府信息公开申请25件”），不比较全市、系统或备案的数字。")
    fix = "核对正文和表格，改正其中一处。"
    example_bad = "全年共收到政府信息公开申请25件。（表中本年新收 26）"
    example_good = "全年共收到政府信息公开申请26件。"
    summary_en = "a number in the text differs from the statistics table"
    rationale_en = ("The numbers of requests, reviews and lawsuits the text states should equal the table's; when they "
                    "differ, readers cannot tell which is right. Only anchored statements are compared (such as "
                    "“共收到政府信息公开申请25件”), never figures for a whole city, a system or a filing.")
    fix_en = "compare the text and the table and correct one of them."
    texts = {
        "cell": {"zh": "第{line}行“{row}”{column}", "en": "line {line}, row “{row}”{column}"},
        "column": {"zh": "{column}列", "en": ", column “{column}”"},
        "value_cell": {"zh": "第{line}行{column}", "en": "line {line}, “{column}”"},
        "detail_sep": {"zh": "；", "en": "; "},
    }

    def check(self, ctx: Context):
        if not ctx.pack.narratives or not ctx.tables:
            return
        # (paragraph index, clause start) → the mismatches stated in that clause
        found: dict[tuple[int, int], list[tuple]] = {}
        for narrative in ctx.pack.narratives:
            expected = self._table_value(ctx, narrative.cells)
            if expected is None:
                continue
            value, where = expected
            safe = substring_safe(narrative.pattern)
            literal = required_literal(narrative.pattern)
            for pi, para in enumerate(ctx.paragraphs):
                if literal is not None and literal not in para.key:
                    continue  # every match holds this literal
                if safe and narrative.pattern.search(para.key) is None:
                    continue  # no clause of it can match
                for clause in _CLAUSE.finditer(para.key):
                    text = clause.group(0)
                    for m in narrative.pattern.finditer(text):
                        if narrative.exclude is not None and narrative.exclude.search(_upto_comma(text, m.end())):
                            continue  # "其中…", "全市…", "累计…" before it or in its own part of the sentence
                        if "year" in m.groupdict() and ctx.year and m.group("year") != str(ctx.year):
                            continue  # another year's count (last year's, for comparison)
                        n = cn_int(m.group("n"))
                        if n is None or abs(n - value) <= 0.005:
                            continue
                        found.setdefault((pi, clause.start()), []).append(
                            (clause.start() + m.start(), clause.start() + m.end(), clause.start() + m.start("n"),
                             clause.start() + m.end("n"), narrative, n, value, where))
        # one finding per clause: "网上申请数3条，信函申请数4条" against the table's 4 and 0 is one slip
        for (pi, _), items in sorted(found.items(), key=lambda kv: kv[0]):
            para = ctx.paragraphs[pi]
            items.sort(key=lambda x: x[0])
            a, b = items[0][0], items[-1][1]
            na, nb = items[0][2], items[-1][3]
            sep = self.text(ctx, "detail_sep")
            yield self.diag(ctx, para.location(na, nb), quote=para.text(a, b),
                            name=self.join(ctx, [self.pack_text(ctx, x[4].name) for x in items]),
                            cells=sep.join(x[7] for x in items),
                            expected=self.join(ctx, [fmt_number(x[6]) for x in items]),
                            data={"narrative": items[0][4].id if len(items) == 1 else [x[4].id for x in items],
                                  "text": items[0][5] if len(items) == 1 else [x[5] for x in items],
                                  "table": items[0][6] if len(items) == 1 else [x[6] for x in items]})

    def _table_value(self, ctx: Context, cells: list[list[str]]) -> tuple[float, str] | None:
        total = 0.0
        where = []
        for table_id, row_id, column in cells:
            table = ctx.trusted_tables.get(table_id)
            if table is None:
                return None  # no such table, or one read by OCR (its numbers not trusted yet)
            rr = table.rows.get(row_id)
            if rr is None or not rr.readable or column not in rr.cells or rr.cells[column].value is None:
                return None
            cell = rr.cells[column]
            total += cell.value
            if rr.spec.label:
                col = self.text(ctx, "column", column=table.column_label(column)) if table.spec.columns else ""
                where.append(self.text(ctx, "cell", line=cell.line.display, row=rr.spec.label, column=col))
            else:
                where.append(self.text(ctx, "value_cell", line=cell.line.display, column=table.column_label(column)))
        return total, self.join(ctx, where)


# A total and its parts stated in one sentence: "共受理申请8769件，其中网上申请…件、信函…件".
_TOTAL = rx.compile(r"(共|共计|合计|总计)(收到|受理|办理|公开|公布|发布|接收|处理|主动公开|制发|答复)?[^,，、。;；:：0-9]{0,20}?"
                    r"(?P<total>\d+)(?P<unit>件|条|个|人次|份)")
_PARTS_START = rx.compile(r"^[)）]?[,，]?\s*[(（]?其中[,，:：]?")
_PARTS_STOP = rx.compile(r"按|从.{0,6}看|另有|另外|此外|同比|较上年|比上年|增长|下降|上升|累计|历年")
_BRACKETS = rx.compile(r"[(（][^()（）]*[)）]")
# parts by channel overlap: the same item is published on the website and on 微博 (format-2008.md
# S08-CHAN: channel counts may exceed the total), so such lists are no partition
_CHANNELS = rx.compile(r"网站|网页|微博|微信|公众号|公报|新媒体|客户端|头条|抖音|快手|视频号|平台|渠道|栏|屏|报纸|电视|广播|短信")


def parts_over_total(key: str):
    """(total match, parts [(value, start, end)], sum) for each sentence of ``key`` (a paragraph's
    normalised text) whose parts after "其中" add up to more than its total."""
    for clause in _CLAUSE.finditer(key):
        text = clause.group(0)
        for m in _TOTAL.finditer(text):
            rest = text[m.end():]
            start = _PARTS_START.match(rest)
            if start is None:
                continue
            inner = rest[start.end():]
            if start.group(0).rstrip("其中,，:：").endswith(("(", "（")):
                close = next((i for i, c in enumerate(inner) if c in ")）"), len(inner))
                inner = inner[:close]  # the parts are the bracket's content: "(其中机构职能类信息82条，…)"
            else:
                # a part's own breakdown in brackets ("主动公开117条（涵盖…10条…）") is not a part
                inner = _BRACKETS.sub(lambda b: " " * len(b.group(0)), inner)
            stop = _PARTS_STOP.search(inner)
            if stop:
                inner = inner[:stop.start()]
            if _CHANNELS.search(inner):
                continue  # parts by channel: one item counts on several
            unit = m.group("unit")
            base = clause.start() + m.end() + start.end()
            parts = [(int(p.group(1)), base + p.start(1), base + p.end(1))
                     for p in re.finditer(rf"(?<![占\d.])(\d+){unit}(?![%％\d])", inner)]
            total = int(m.group("total"))
            if len(parts) >= 2 and sum(v for v, _, _ in parts) > total:
                yield (clause.start() + m.start("total"), clause.start() + m.end("total"), total), parts


@register
class ProsePartsExceedTotal(Rule):
    id = "prose-parts-exceed-total"
    code = "GL411"
    severity = Severity.ERROR
    family = "tables"
    summary = "正文中“其中”各项之和大于总数"
    message = {
        "zh": "正文写“{quote}”，其中各项之和 {parts} = {sum}，大于总数 {total}",
        "en": "the text says “{quote}”: its parts add up to {parts} = {sum}, more than the total {total}",
    }
    suggestion = {"zh": "核对总数和各项数字，改正填错的一处", "en": "check the total and its parts, and correct the wrong one"}
    rationale = ("同一句话里先写总数、再用“其中”列出各项时，各项之和不能大于总数（列举可以不全，所以小于不算错）。"
                 "大于总数说明总数或某一项写错了。")
    fix = "核对总数和“其中”各项，改正写错的数字。"
    example_bad = "全年共受理政府信息公开申请8769件，其中网上申请8500件、信函申请1269件。"
    example_good = "全年共受理政府信息公开申请9769件，其中网上申请8500件、信函申请1269件。"
    summary_en = "the parts listed after “其中” add up to more than the stated total"
    rationale_en = ("When a sentence gives a total and then its parts after “其中”, the parts cannot add up to more "
                    "than the total (a list may be partial, so less is no error); more means a figure is wrong.")
    fix_en = "check the total and the parts listed after “其中” and correct the wrong figure."

    def check(self, ctx: Context):
        for para in ctx.paragraphs:
            if "其中" not in para.key:
                continue
            for (a, b, total), parts in parts_over_total(para.key):
                start, end = _start_of_total(para.key, a), parts[-1][2] + 1
                quote = para.text(start, end)
                if len(quote) > 60:  # the total and its first part, then the last part
                    quote = (para.text(start, parts[0][2] + 1) + "……"
                             + para.text(_start_of_total(para.key, parts[-1][1]), end))
                yield self.diag(ctx, para.location(a, b), quote=quote,
                                parts=" + ".join(str(v) for v, _, _ in parts), sum=sum(v for v, _, _ in parts),
                                total=total, data={"total": total, "parts": [v for v, _, _ in parts]})


def _start_of_total(key: str, at: int) -> int:
    """Where the statement of the total begins: after the last comma or full stop before it."""
    cut = max(key.rfind(c, 0, at) for c in "，,。；;：:")
    return cut + 1 if cut >= 0 else max(0, at - 20)
