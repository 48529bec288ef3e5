"""What the report is: its year, and whether a part of a compilation is a report at all."""

from __future__ import annotations

from govlint import rx
from govlint.checks import Rule, register
from govlint.diagnostics import Location, Severity
from govlint.document import line_location
from govlint.facts import Context
from govlint.normalize import norm, same_agency
from govlint.outline import compiler_agency, contact_agency, signature_agency, strip_part_marker
from govlint.readers import KIND_NAMES, extension


@register
class MissingReportYear(Rule):
    id = "missing-report-year"
    code = "GL001"
    severity = Severity.ERROR
    family = "meta"
    summary = "找不到报告年度"
    message = {
        "zh": "找不到报告年度：标题、统计期限和正文中都没有写明年份",
        "en": "no report year: neither the title, the statistics period nor the text names a year",
    }
    suggestion = {"zh": "在标题中写明年度，如“{agency}2017年政府信息公开工作年度报告”",
                  "en": "name the year in the title"}
    rationale = "年度报告报告的是某一年度的工作，标题应写明年度（《条例》第五十条、第三十一条规定按年度公布）；没有年度，读者和检查规则都无法确定口径。"
    fix = "在标题中写明报告年度。"
    example_bad = "某局政府信息公开工作年度报告"
    example_good = "某局2017年政府信息公开工作年度报告"
    summary_en = "no report year"
    rationale_en = ("An annual report covers one year, and its title names it (articles 50 and 31 of the regulation "
                    "have reports published year by year); without the year neither readers nor the checks know "
                    "which rules apply.")
    fix_en = "name the report year in the title."

    def check(self, ctx: Context):
        if ctx.year is not None:
            return
        loc = line_location(ctx.doc.title.lines[0]) if ctx.doc.title else ctx.intro_location
        yield self.diag(ctx, loc, agency=ctx.agency or "")


@register
class NoTextLayer(Rule):
    id = "no-text-layer"
    code = "GL003"
    severity = Severity.ERROR
    family = "meta"
    summary = "PDF 没有文字层（扫描件），无法检查"
    message = {"zh": "这个 PDF 没有文字层（可能是扫描件或图片），无法检查其内容",
               "en": "this PDF has no text layer (a scan?); its content cannot be checked"}
    suggestion = {"zh": "请检查原始的 Word 文件，或导出带文字的 PDF", "en": "check the original .docx, or export a PDF with text"}
    rationale = "扫描件 PDF 只有图片，govlint 读不到文字；不能把“读不到”当作“没有问题”。发布扫描件也不便公众检索和无障碍阅读。"
    fix = "用原始 Word 文件检查；发布时使用带文字层的 PDF。"
    example_bad = "（一页扫描图片的 PDF）"
    example_good = "（由 Word 导出的 PDF）"
    summary_en = "the PDF has no text layer (a scan) and cannot be checked"
    rationale_en = ("A scanned PDF holds only pictures: govlint reads no text, and cannot take “no text” for “no "
                    "problems”. A scan is also hard for the public to search and for screen readers.")
    fix_en = "lint the original Word file; publish a PDF with a text layer."
    applies_to_non_reports = True
    texts = {
        "install": {"zh": "安装文字识别扩展后可读取扫描件：pip install 'govlint[ocr]'",
                    "en": "with the OCR extra installed, scanned pages are read: pip install 'govlint[ocr]'"},
        "ocr_nothing": {"zh": "文字识别也没有读出文字", "en": "OCR read no text either"},
    }

    def check(self, ctx: Context):
        flags = ctx.doc.source.flags
        if "no-text-layer" in flags:
            note = self.text(ctx, "install" if "ocr-missing" in flags else "ocr_nothing")
            yield self.diag(ctx, Location(1, 1), notes=[note])


@register
class ReadByOcr(Rule):
    id = "read-by-ocr"
    code = "GL008"
    severity = Severity.INFO
    family = "meta"
    summary = "本文件由文字识别读取，请核对"
    message = {"zh": "{what}由文字识别读取，请核对：识别出的文字可能有错，统计表只核对了识别可信的数字",
               "en": "{what} read by OCR; check it: the recognised text may be wrong, and only the table figures read with confidence were checked"}
    texts = {"file": {"zh": "本文件", "en": "this file was"},
             "pictures": {"zh": "本文件中的图片", "en": "the pictures of this file were"}}
    suggestion = {"zh": "如有原始的 Word 文件或带文字层的 PDF，请检查它们", "en": "lint the original .docx or a PDF with a text layer if you have one"}
    rationale = ("扫描件（图片版）PDF 没有文字层，贴成图片的统计表也没有文字，govlint 用离线文字识别（govlint[ocr]）读出文字再检查。识别可能认错字、漏字，"
                 "表格的数字尤其难以可靠识别：govlint 按表格线读出单元格，每个数字读两遍（整页识别一遍、单元格单独识别一遍），"
                 "两遍一致且置信度够高的才参与勾稽关系核对，其余的不核对，以免把识别错误报成填报错误；所有发现都请对照原件核对。")
    fix = "对照原件核对这些发现；发布时使用带文字层的 PDF。"
    example_bad = "（扫描件 PDF，由文字识别读取）"
    example_good = "（由 Word 导出的 PDF）"
    summary_en = "the file was read by OCR; check the findings"
    rationale_en = ("A scanned PDF has no text layer, nor has a table pasted as a picture; govlint reads their text by offline "
                    "OCR (govlint[ocr]) and lints that. "
                    "OCR may misread or drop characters, and table figures are the hardest to read reliably: govlint "
                    "reads a ruled table's cells from its lines and each number twice (with the page, and alone from "
                    "its cell); only numbers both readings agree on with enough confidence enter the relations, so that "
                    "a misreading is not reported as a wrong figure. Check every finding against the original.")
    fix_en = "check the findings against the original; publish a PDF with a text layer."
    applies_to_non_reports = True

    def check(self, ctx: Context):
        if "ocr" in ctx.doc.source.flags:
            whole = ctx.doc.source.format == "pdf"  # a scan's pages; else pictures of a .docx or a page
            yield self.diag(ctx, Location(1, 1), what=self.text(ctx, "file" if whole else "pictures"))


@register
class TruncatedDocument(Rule):
    id = "truncated-document"
    code = "GL004"
    severity = Severity.WARNING
    family = "meta"
    summary = "文本在句子中间结束，报告可能不完整"
    message = {
        "zh": "文本在第{line}行“{tail}”处{how}，报告可能不完整：其后应有的{what}没有检查",
        "en": "the text {how} at line {line}, after “{tail}”; the report may be incomplete: {what} after it were not checked",
    }
    suggestion = {"zh": "检查文件是否完整：复制、转换或另存时可能丢失了后面的内容",
                  "en": "check that the file is complete: copying, converting or saving may have lost the rest"}
    rationale = ("文件在句子、标题或表格的中间结束，通常是复制网页、转换格式时丢了后半部分。govlint 不把看不到的内容当作“缺少”："
                 "中断处之后的部分、统计表、联系方式和要求写到的内容都不报告缺失，只提示文本不完整。")
    fix = "找到完整的报告文本重新检查；确是定稿的，补全中断处之后的内容。"
    example_bad = "一、总体情况\n2023年，我局认真贯彻落实《条例》，全年主动公开政府信息126条，其中"
    example_good = "一、总体情况\n2023年，我局认真贯彻落实《条例》，全年主动公开政府信息126条。\n……\n六、其他需要报告的事项\n本年度未收取信息处理费。"
    summary_en = "the text stops mid-sentence; the report may be incomplete"
    rationale_en = ("A file that ends in the middle of a sentence, a heading or a table has usually lost its end when a "
                    "web page was copied or a format converted. govlint does not take what it cannot see for missing: "
                    "the sections, tables, contact details and required content after the cut are not reported as "
                    "missing; this notice says the text is incomplete.")
    fix_en = "lint the complete text; if this is the final version, complete what follows the cut."
    texts = {
        "sections": {"zh": "第{first}部分起的各部分、统计表和联系方式", "en": "the sections from {first} on, the tables and the contact details"},
        "rest": {"zh": "各部分、统计表和联系方式", "en": "the sections, the tables and the contact details"},
        "stops": {"zh": "中断", "en": "stops"},
        "ends": {"zh": "结束（只有第一部分）", "en": "ends (only its first section is there)"},
    }

    def check(self, ctx: Context):
        if not ctx.truncated or ctx.stop_line is None:
            return
        line = ctx.stop_line
        text = line.text.strip()
        tail = text if len(text) <= 16 else "…" + text[-15:]
        nxt = ctx.last_section + 1
        what = (self.text(ctx, "sections", first=self.num(ctx, nxt)) if any(s.number == nxt for s in ctx.pack.sections)
                else self.text(ctx, "rest"))
        end = len(line.text.rstrip())
        how = self.text(ctx, "stops" if ctx.report.cut_line is not None else "ends")
        yield self.diag(ctx, line_location(line, max(0, end - 1), end), line=line.display, tail=tail, what=what, how=how)


@register
class NotAnnualReport(Rule):
    id = "not-an-annual-report"
    code = "GL002"
    severity = Severity.INFO
    family = "meta"
    summary = "不是年度报告（汇编中的指南、计划等，说明文件或空文件），只检查模板残留"
    message = {
        "zh": "{subject}不是政府信息公开工作年度报告{why}",
        "en": "{subject} is not an annual report{why}",
    }
    rationale = ("一个文件里汇编了多篇文档（第一篇、第二篇……）时，govlint 分篇检查；指南、计划、总结等不是年度报告，"
                 "不按年度报告的结构要求检查。单个文件既没有“……年度报告”标题、又找不到规则包中的部分时（如目录里的说明文件），同样处理。")
    fix = "无需处理；如这一篇确是年度报告，请在标题中写明“……年度报告”。"
    example_bad = "第三篇:广州市工商局政府信息公开指南"
    example_good = "第一篇:方山县工商局2011年政府信息公开年度报告"
    summary_en = "not an annual report (a guide or plan in a compilation, a note, an empty file); only template residue is checked"
    rationale_en = ("A file compiling several documents (“第一篇”, “第二篇”…) is checked part by part; a guide, plan or "
                    "summary is not an annual report and is not checked for a report's structure. A single file with "
                    "no report title and hardly any of the pack's sections (a note in a folder) is treated alike.")
    fix_en = "nothing to do; if this part is an annual report, say “年度报告” in its title."
    texts = {
        "this_file": {"zh": "这个文件", "en": "this file"},
        "no_text": {"zh": "：文件没有任何文字内容", "en": ": it has no text"},
        "part": {"zh": "{part}“{name}”", "en": "the part “{part}”, “{name}”,"},
        "named": {"zh": "“{name}”", "en": "“{name}”"},
        "residue_only": {"zh": "，只检查了模板残留", "en": "; only template residue was checked"},
        "no_title": {"zh": "（没有年度报告标题，也几乎找不到规则包要求的部分），只检查了模板残留",
                     "en": " (no report title and hardly any of the pack's sections); only template residue was checked"},
    }
    applies_to_non_reports = True

    def check(self, ctx: Context):
        doc = ctx.doc
        if ctx.is_report or "no-text-layer" in doc.source.flags:
            return
        first = next((l for l in doc.lines if not l.blank), None)
        if first is None:  # an empty file is never a silent clean result
            yield self.diag(ctx, Location(doc.first_display, 1), subject=self.text(ctx, "this_file"),
                            why=self.text(ctx, "no_text"))
            return
        name = strip_part_marker(first.text.strip())[:40]
        subject = (self.text(ctx, "part", part=doc.part_label, name=name) if doc.part_label
                   else self.text(ctx, "named", name=name))
        why = self.text(ctx, "residue_only" if doc.part is not None else "no_title")
        yield self.diag(ctx, line_location(first), subject=subject, why=why)


@register
class FileTypeMismatch(Rule):
    id = "file-type-mismatch"
    code = "GL005"
    severity = Severity.INFO
    family = "meta"
    summary = "文件内容与扩展名不符（如网页或 .docx 被命名为 .doc），已按实际内容读取"
    message = {
        "zh": "文件扩展名为“{declared}”，实际却是{actual}，已按实际类型读取",
        "en": "the file is named “{declared}” but holds {actual}; it was read as such",
    }
    suggestion = {"zh": "把文件另存为与内容相符的类型（建议在 Word 或 WPS 中“另存为” .docx），或改正扩展名",
                  "en": "save it as the type it is (preferably .docx from Word or WPS), or correct its extension"}
    rationale = ("OA 系统导出的“Word 文件”常常是网页（HTML），改过扩展名的 .docx、存成 .doc 的 RTF 也很常见。govlint 按文件内容"
                 "判断类型并照常检查，但扩展名不符的文件在别人的电脑上可能打不开或显示走样，发布、报送前应另存为正确的类型。")
    fix = "在 Word 或 WPS 中打开后“另存为” .docx（或与内容相符的类型）。"
    example_bad = "报告.doc（内容是网页）"
    example_good = "报告.docx（Word 文档）"
    summary_en = "the content is not what the extension says (a web page or a .docx named .doc); read by its content"
    rationale_en = ("An OA system's “Word file” is often a web page (HTML); a renamed .docx or an RTF saved as .doc are "
                    "common too. govlint decides the type from the content and lints it as usual, but a file whose "
                    "extension lies may not open, or may look wrong, on someone else's computer: save it as the right "
                    "type before publishing or submitting it.")
    fix_en = "open it in Word or WPS and “save as” .docx (or the type it really is)."
    applies_to_non_reports = True

    def check(self, ctx: Context):
        src = ctx.doc.source
        if src.declared is None or ctx.doc.part not in (None, 1):
            return
        ext = extension(src.path)
        declared = f".{ext}" if ext else ("（没有扩展名）" if ctx.lang == "zh" else "(no extension)")
        names = KIND_NAMES.get(src.format, (src.format, src.format))
        first = next((l for l in ctx.doc.lines if not l.blank), None)
        location = line_location(first) if first is not None else Location(1, 1)
        yield self.diag(ctx, location, declared=declared, actual=names[1] if ctx.lang == "en" else names[0])


@register
class UnresolvedReview(Rule):
    id = "unresolved-review"
    code = "GL006"
    severity = Severity.WARNING
    family = "meta"
    summary = "Word 文档中还有未处理的修订、批注或隐藏文字"
    message = {
        "zh": "文档中还有{what}（{where}），发布前须处理",
        "en": "the document still holds {what} ({where}); resolve them before publishing",
    }
    suggestion = {"zh": "在 Word 或 WPS 的“审阅”中接受或拒绝全部修订、删除批注，并删除或显示隐藏文字，再另存定稿",
                  "en": "in Word or WPS (Review) accept or reject all changes, delete the comments, remove or reveal hidden text, then save the final version"}
    rationale = ("未接受的修订、批注和隐藏文字会随文件一起发布：读者可能看到删改痕迹、内部意见或本应删去的内容，转换成 PDF 或网页时"
                 "也可能被一并带出。《政府信息公开条例》第五十条要求公布的是年度报告定稿；政务公开工作中也要求发布前清理文档的修订"
                 "与批注。govlint 按“接受全部修订”后的样子检查文字，同时提示这些痕迹；govlint 自己写的批注（作者 govlint）不算。")
    fix = "“审阅”→“接受所有修订”（或逐条处理）、“删除所有批注”；隐藏文字取消隐藏或删除；另存为定稿后再发布。"
    example_bad = "（一份带有修订痕迹和他人批注的 .docx）"
    example_good = "（接受全部修订、删除批注后的定稿 .docx）"
    summary_en = "the Word document still holds tracked changes, comments or hidden text"
    rationale_en = ("Unaccepted changes, comments and hidden text are published with the file: readers may see the edits, "
                    "internal remarks or text meant to be deleted, and converting to PDF or a web page can carry them "
                    "along. Article 50 of the Regulations asks for the annual report itself to be published. govlint "
                    "lints the text as it reads once all changes are accepted, and points out these traces; comments "
                    "govlint wrote (author govlint) do not count.")
    fix_en = "Review → accept all changes (or one by one), delete all comments; reveal or delete hidden text; save the final version."
    texts = {
        "revision": {"zh": "未接受的修订", "en": "unaccepted tracked changes"},
        "comment": {"zh": "批注", "en": "comments"},
        "hidden": {"zh": "隐藏文字", "en": "hidden text"},
        "places": {"zh": "{first}等 {n} 处", "en": "{first} and {more} more"},
        "place": {"zh": "{first}", "en": "{first}"},
        "paragraph": {"zh": "第{n}段", "en": "paragraph {n}"},
        "line": {"zh": "第{n}行", "en": "line {n}"},
    }
    applies_to_non_reports = True

    def check(self, ctx: Context):
        doc = ctx.doc
        mine = [(kind, n) for kind, n in doc.source.leftovers if doc.first_display <= n <= doc.last_display]
        by_line = {l.display: l for l in doc.lines}
        for kind in ("revision", "comment", "hidden"):
            places = [n for k, n in mine if k == kind]
            if not places:
                continue
            line = by_line.get(places[0])
            where = self._place(ctx, line, places[0])
            where = (self.text(ctx, "places", first=where, n=len(places), more=len(places) - 1) if len(places) > 1
                     else self.text(ctx, "place", first=where))
            location = line_location(line) if line is not None else Location(places[0], 1)
            yield self.diag(ctx, location, what=self.text(ctx, kind), where=where,
                            data={"kind": kind, "lines": places})

    def _place(self, ctx: Context, line, n: int) -> str:
        loc = line.location if line is not None else None
        if loc and "paragraph" in loc:
            return self.text(ctx, "paragraph", n=loc["paragraph"])
        if loc and "table" in loc:
            return f"表{loc['table']} 第{loc['row']}行" if ctx.lang == "zh" else f"table {loc['table']}, row {loc['row']}"
        return self.text(ctx, "line", n=n)


# the place an agency belongs to: its name up to the first level of administration
_PLACE = rx.compile(r"^.+?(?:特别行政区|自治区|自治州|自治县|自治旗|综合实验区|新区|省|市|州|盟|地区|县|区|旗|街道|镇|乡|苏木)")


def _place(name: str) -> str | None:
    m = _PLACE.match(norm(name))
    return m.group(0) if m else None


@register
class OtherAgencyNamed(Rule):
    id = "other-agency-named"
    code = "GL007"
    severity = Severity.WARNING
    family = "meta"
    summary = "落款、“由……编制”或联系方式中是另一个地方的机关（照搬其他单位的报告）"
    message = {
        "zh": "{where}写的是“{other}”，而本报告是{own}的报告：可能照搬了其他单位的报告，忘了改名称",
        "en": "{where} names “{other}”, but this is the report of “{own}”: copied from another agency's report, name left unchanged?",
    }
    suggestion = {"zh": "改为本机关的名称：{own}", "en": "put this agency's name: “{own}”"}
    rationale = ("年度报告常以上一年或别的单位的报告为底稿，改了标题却漏改落款、编制单位或联系方式，公开后读者不知道报告"
                 "是谁的、该找谁。govlint 比较标题中的机关与落款、“由……编制”、“请与……联系”中的机关：不同地方的机关"
                 "（如“梧桐县农业农村局”的报告落款“洪泽区农业农村局”）才报告；同一地方的上下级（县政府办公室与县政府）、"
                 "前面加了所属地名的同一机关都不报告，引用的上级文件也不算。")
    fix = "把落款、编制单位和联系方式改为本机关的名称。"
    example_bad = "梧桐县农业农村局2024年政府信息公开工作年度报告 …… 落款：洪泽区农业农村局"
    example_good = "梧桐县农业农村局2024年政府信息公开工作年度报告 …… 落款：梧桐县农业农村局"
    summary_en = "the signature, the compiler or the contact names an agency of another place (a report copied from another agency)"
    rationale_en = ("A report is often drafted from last year's or another agency's report; the title is changed but the "
                    "signature, the compiler or the contact office is not, and readers cannot tell whose report it is or "
                    "whom to ask. govlint compares the agency of the title with those of the signature, the “由……编制” "
                    "sentence and the “请与……联系” sentence: only an agency of another place is reported; superiors and "
                    "offices of the same place, and the same agency with its place in front, are not.")
    fix_en = "put this agency's name in the signature, the compiler sentence and the contact details."
    texts = {"signature": {"zh": "落款", "en": "the signature"}, "compiler": {"zh": "“由……编制”一句", "en": "the “由……编制” sentence"},
             "contact": {"zh": "联系方式", "en": "the contact sentence"}}

    def check(self, ctx: Context):
        own = ctx.agency
        if not own or ctx.report.agency_source not in ("title", "header"):
            return  # without the title's own name there is nothing to hold the others against
        mine = _place(own)
        if mine is None:
            return
        seen = set()
        for where, find in (("signature", signature_agency), ("compiler", compiler_agency), ("contact", contact_agency)):
            other = find(ctx.doc)
            if not other or other in seen or same_agency(own, other):
                continue
            place = _place(other)
            if place is None or mine in norm(other) or place in norm(own) or place[:2] == mine[:2]:
                continue  # the same place: a superior, an office, the place written out or shortened
            seen.add(other)
            line = next((l for l in reversed(ctx.doc.lines) if other in l.text), None)
            if line is None:
                continue
            at = line.text.index(other)
            yield self.diag(ctx, line_location(line, at, at + len(other)), where=self.text(ctx, where), other=other,
                            own=own, data={"agency": own, "named": other})
