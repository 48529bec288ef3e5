"""The statistics appendix (《政府信息公开情况统计表》): is it there?

Checking its rows and sums is the statistics-table family; here only its presence (the
evidence is a fact: :mod:`govlint.evidence`).
"""

from __future__ import annotations

from govlint.checks import Rule, register
from govlint.diagnostics import Severity
from govlint.document import line_location, point_location
from govlint.facts import Context
from govlint.packs.model import TableSpec


@register
class MissingStatisticsTable(Rule):
    id = "missing-statistics-table"
    code = "GL401"
    severity = Severity.ERROR
    family = "tables"
    summary = "缺少格式要求的统计表格"
    message = {
        "zh": "缺少表格《{title}》{detail}",
        "en": "the table “{title}” is missing{detail}",
    }
    suggestion = {"zh": "在{where}加上《{title}》，按格式逐项填写", "en": "add the table “{title}” {where}"}
    rationale = ("国办发〔2014〕32号要求各地各部门按《政府信息公开情况统计表》统一指标、口径报送数据，"
                 "年度报告以附表形式公开这些数据；只在标题或正文中提到“附表”而没有表格，读者看不到数据。")
    fix = "在报告末尾（“需要说明的事项与附表”部分之后）附上完整的统计表。"
    example_bad = "十二、需要说明的事项与附表\n目前我局无其他需要说明的事项。"
    example_good = ("十二、需要说明的事项与附表\n附表：政府信息公开情况统计表\n| 统计指标 | 单位 | 统计数 |\n"
                    "| 一、主动公开情况 | — | — |\n| （一）主动公开政府信息数 | 条 | 236 |\n……")
    summary_en = "a statistics table the format requires is missing"
    rationale_en = ("“国办发〔2014〕32号” has every agency report its figures in the statistics table with uniform "
                    "indicators; the annual report publishes them as a table. Naming the table without printing it "
                    "leaves readers without the data.")
    fix_en = "append the complete statistics table (after the section on matters to explain and the appendix)."
    texts = {
        "in_section": {"zh": "“{heading}”一节中", "en": "in the section “{heading}”"},
        "section_n": {"zh": "第{n}部分", "en": "in section {n}"},
        "at_end": {"zh": "报告末尾", "en": "at the end of the report"},
        "named_only": {"zh": "：第{line}行提到了这张表，但其后没有表格内容", "en": ": line {line} names it but no table follows"},
    }

    @classmethod
    def pack_severities(cls, pack):
        out = super().pack_severities(pack)
        return out + [(f"《{t.title}》", t.severity) for t in pack.tables
                      if t.severity is not None and t.severity != cls.severity]

    def check(self, ctx: Context):
        for spec in ctx.pack.tables:
            yield from self._check_table(ctx, spec)

    def _check_table(self, ctx: Context, spec: TableSpec):
        if not spec.required:
            return  # a table some reports attach but no format asks for
        evidence = ctx.evidence(spec)
        if evidence.present(spec.min_rows):
            return
        if ctx.cut_before(spec.section):
            return  # the text stops before the table's place: truncated-document
        if ctx.table_image(spec) is not None:
            return  # a picture where the table belongs: table-as-image says so
        if not spec.find_title and spec.section and ctx.alignment.match_for(spec.section) is None and any(
                s.number == spec.section and not s.optional for s in ctx.alignment.missing):
            return  # a table that is its section's content (2019, 2021): missing-section says so once
        doc = ctx.doc
        title_line = evidence.title_line
        home = ctx.alignment.match_for(spec.section) if spec.section else None
        if home is not None:
            where = self.text(ctx, "in_section", heading=home.heading.text)
        elif spec.section:
            where = self.text(ctx, "section_n", n=self.num(ctx, spec.section))
        else:
            where = self.text(ctx, "at_end")
        if title_line is not None:
            detail = self.text(ctx, "named_only", line=title_line.display)
            loc = line_location(title_line)
        else:
            detail = ""
            if home is not None:  # the section the table belongs to ("十二、需要说明的事项与附表")
                loc = home.heading.location
            else:
                last = doc.last_nonblank()
                loc = point_location(last) if last is not None else ctx.intro_location
        yield self.diag(ctx, loc, severity=spec.severity, title=spec.title, detail=detail, where=where,
                        notes=self.basis(ctx, spec.basis), data={"table": spec.id})


@register
class TableAsImage(Rule):
    id = "table-as-image"
    code = "GL410"
    severity = Severity.WARNING
    family = "tables"
    summary = "统计表是图片，无法核对"
    message = {
        "zh": "《{title}》{detail}",
        "en": "{detail}",
    }
    suggestion = {"zh": "统计表请使用可编辑的表格（Word 表格或网页表格），不要粘贴为图片",
                  "en": "use an editable table (a Word or web table), not a picture"}
    rationale = ("统计表贴成图片时，读者无法复制、检索其中的数字，读屏软件也读不出来，评估机构和 govlint 都无法核对勾稽关系；"
                 "年度报告格式要求的是表格。安装了文字识别扩展（govlint[ocr]）时，govlint 会识别图片中的表格并核对识别可信的数字，"
                 "但识别可能出错，图片仍应换成表格。")
    fix = "把图片换成可编辑的表格，逐项填写数字。"
    example_bad = "三、收到和处理政府信息公开申请情况\n[图片：统计表截图]"
    example_good = "三、收到和处理政府信息公开申请情况\n| 一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |"
    summary_en = "a statistics table is a picture and cannot be checked"
    rationale_en = ("A table pasted as a picture cannot be copied, searched or read aloud, and neither evaluators nor "
                    "govlint can check its relations; the formats ask for a table. With the OCR extra (govlint[ocr]) "
                    "installed, govlint reads the table in the picture and checks the figures it trusts, but OCR can be "
                    "wrong: the picture should still become a table.")
    texts = {
        "unread": {"zh": "的位置上是一张图片，表中的数字无法读取和核对",
                   "en": "a picture stands where the table “{title}” belongs: its figures cannot be read or checked"},
        "read": {"zh": "是一张图片，已由文字识别读取，请核对识别结果，并改为可编辑的表格",
                 "en": "the table “{title}” is a picture, read by OCR: check what was recognised, and make it an "
                       "editable table"},
    }
    fix_en = "replace the picture by an editable table with the figures."

    def check(self, ctx: Context):
        for spec in ctx.pack.tables:
            if not spec.required:
                continue
            after = ctx.table_image(spec)
            if after is None:
                continue
            read = ctx.evidence(spec).present(spec.min_rows)
            if read:  # the table is there: in the lines OCR read in a picture, or a table besides the picture
                table = ctx.tables.get(spec.id)
                if table is None or not table.ocr:
                    continue
            line = next((l for l in ctx.doc.lines if l.number >= after), None) if after else None
            if read:  # the picture's first line read, else its paragraph's (a .docx) or the table's section
                line = next((l for l in ctx.doc.lines if l.number > after and (l.location or {}).get("ocr")), line)
            loc = line_location(line) if line is not None else ctx.intro_location
            detail = self.text(ctx, "read" if read else "unread", title=spec.title)
            yield self.diag(ctx, loc, title=spec.title, detail=detail,
                            data={"table": spec.id, "ocr": True} if read else {"table": spec.id})
