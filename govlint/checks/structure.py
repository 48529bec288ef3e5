"""Structure: the sections the pack requires, their order, wording and content."""

from __future__ import annotations

from rapidfuzz import fuzz

from govlint import rx
from govlint.checks import Rule, indent_of, register
from govlint.diagnostics import Location, Severity
from govlint.document import point_location
from govlint.facts import Context
from govlint.matcher import matcher_for
from govlint.normalize import fold, nfkc, norm, to_chinese_numeral


def _num(n: int) -> str:
    return to_chinese_numeral(n)


# what --unsafe-fixes writes under an inserted heading: report text (Chinese whatever --lang), a
# prompt the pack's placeholder patterns report until it is filled in
PROMPT = "【请填写本部分内容】"


@register
class MissingSection(Rule):
    id = "missing-section"
    code = "GL101"
    severity = Severity.ERROR
    family = "structure"
    summary = "缺少规则包要求的部分"
    message = {
        "zh": "缺少第{num}部分“{title}”",
        "en": "missing section {num}: “{title}”",
    }
    suggestion = {
        "zh": "{where}增加一节：{heading}",
        "en": "add a section {where}: “{heading}”",
    }
    rationale = ("年度报告的内容由《条例》规定：2008年《条例》第三十二条列出六项必报内容，"
                 "2019年《条例》第五十条列出必报内容，国办印发的年度报告格式规定了各部分标题。"
                 "规则包为每一部分注明依据；对应法定内容的部分缺失为“错误”，仅来自提纲惯例的部分缺失为“警告”。")
    fix = "按规则包的顺序补上缺少的部分，标题使用规范写法；确无相关情况的，也应保留标题并写明情况。"
    example_bad = "一、概述\n……\n十一、政府信息公开工作存在的主要问题及改进情况\n……\n（缺少“十二、需要说明的事项与附表”）"
    example_good = "十一、政府信息公开工作存在的主要问题及改进情况\n……\n十二、需要说明的事项与附表\n本年度无需要说明的事项。附表：政府信息公开情况统计表（略）"
    summary_en = "a section the pack requires is missing"
    rationale_en = ("The content of an annual report is set by the regulation: article 32 of the 2008 regulation lists "
                    "six items, article 50 of the 2019 regulation lists what must be reported, and the State Council's "
                    "formats give each section's heading. The pack names each section's basis: a missing section that "
                    "the law requires is an error, one that only a customary outline has is a warning.")
    fix_en = "add the missing sections in the pack's order with the standard headings; where there was nothing to report, keep the heading and say so."
    texts = {
        "before": {"zh": "在第{line}行“{heading}”之前", "en": "before “{heading}” at line {line}"},
        "after": {"zh": "在“{heading}”（第{line}行）一节之后", "en": "after the section “{heading}” at line {line}"},
        "in_body": {"zh": "在正文中", "en": "in the body"},
    }
    fixable = "unsafe"
    fix_summary = {"zh": "在下一部分的标题之前插入缺少部分的标题和一行待填写的提示",
                   "en": "insert the missing section's heading, and a line to fill in, before the next section's heading"}

    @classmethod
    def pack_severities(cls, pack):
        out = super().pack_severities(pack)
        return out + [(f"{_num(s.number)}、{s.title}", s.severity) for s in pack.sections
                      if s.severity is not None and s.severity != cls.severity]

    def check(self, ctx: Context):
        al = ctx.alignment
        doc = ctx.doc
        in_order = [m for m in al.matches if m.in_order]
        for s in al.missing:
            if s.optional or ctx.topic_location(s) is not None:
                continue  # a topic written elsewhere: section-without-heading
            if ctx.cut_before(s.number):
                continue  # after the point where the text stops: truncated-document
            after = next((m for m in in_order if m.section.number > s.number), None)
            before = next((m for m in reversed(in_order) if m.section.number < s.number), None)
            fix = None
            if after is not None:
                loc = after.heading.location
                fix = self._insert_before(ctx, s, after.heading)
                where = self.text(ctx, "before", line=after.heading.line.display, heading=after.heading.text)
            else:
                end = doc.appendix_start if doc.appendix_start is not None else len(doc.lines)
                last = doc.last_nonblank(end) or (doc.lines[0] if doc.lines else None)
                if last is None:
                    loc = Location(1, 1)
                else:
                    loc = point_location(last)
                if before is not None:
                    where = self.text(ctx, "after", line=before.heading.line.display, heading=before.heading.text)
                else:
                    where = self.text(ctx, "in_body")
            yield self.diag(ctx, loc, severity=s.severity, num=self.num(ctx, s.number), title=s.title, where=where,
                            heading=f"{_num(s.number)}、{s.title}", notes=self.basis(ctx, s.basis),
                            data={"section": s.number, "section_id": s.id}, fix=fix)

    def _insert_before(self, ctx: Context, section, heading):
        """The missing heading (marked up as the next heading is: its Markdown hashes, its
        indentation) and a prompt line, before the next section's heading."""
        line = heading.line
        lines = ctx.doc.lines
        i = next((k for k, l in enumerate(lines) if l is line), None)
        if i is None:
            return None
        title = f"{_num(section.number)}、{section.title}" if heading.numbered else section.title
        body = next((l for l in lines[i + 1:] if not l.blank), line)
        return self.insertion(ctx, line, heading.start,
                              [line.text[:heading.start] + title, indent_of(ctx, body) + PROMPT], [line, body])


@register
class SectionWithoutHeading(Rule):
    id = "section-without-heading"
    code = "GL107"
    severity = Severity.INFO
    family = "structure"
    summary = "某一部分的内容写在了别处，没有单独的标题"
    message = {
        "zh": "第{num}部分“{title}”没有单独的标题，相关内容写在第{line}行",
        "en": "section {num} “{title}” has no heading of its own; the topic is covered at line {line}",
    }
    suggestion = {"zh": "可以为这部分内容单独设一节：{heading}", "en": "consider a section of its own: “{heading}”"}
    rationale = ("2008—2018年度没有全国统一的报告格式：《条例》第三十二条要求报告写到这些内容，并没有要求每项单独成节。"
                 "行政复议、行政诉讼的情况常常写在依申请公开一节里，或只出现在统计表的“行政复议数”“行政诉讼数”两行。"
                 "内容写到了就不是缺项；单独成节便于读者查找，所以只作提示。2019年起的格式规定了各部分标题，"
                 "内容写在小标题下而缺了“五、…”这样的部分标题时，也只提示补上标题。")
    fix = "可把相关内容移到单独的一节，标题用规范写法。"
    example_bad = "三、依申请公开政府信息情况\n2011年未收到政府信息公开申请，未收到有关政府信息公开的行政复议申请。"
    example_good = "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n2011年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"
    summary_en = "a section's topic is covered elsewhere, without a heading of its own"
    rationale_en = ("There was no national format before 2019: article 32 of the 2008 regulation asks a report to cover "
                    "these topics, not to give each a section. Reviews and lawsuits are often told under the requests "
                    "section, or only in the statistics table's rows “行政复议数” and “行政诉讼数”. A covered topic is no "
                    "missing section; a section of its own helps readers find it, so this is a notice. The formats "
                    "from 2019 fix each section's heading: where a section's content sits under sub-headings and only "
                    "its heading (“五、…”) is lost, the notice asks for the heading.")
    fix_en = "optionally move the topic into a section of its own with the standard heading."

    def check(self, ctx: Context):
        for s in ctx.alignment.missing:
            if s.optional:
                continue
            loc = ctx.topic_location(s)
            if loc is None:
                continue
            yield self.diag(ctx, loc, num=self.num(ctx, s.number), title=s.title, line=loc.line,
                            heading=f"{_num(s.number)}、{s.title}", data={"section": s.number, "section_id": s.id})


@register
class SectionOrder(Rule):
    id = "section-order"
    code = "GL102"
    severity = Severity.WARNING
    family = "structure"
    summary = "部分的顺序与规则包不一致"
    message = {
        "zh": "第{num}部分“{found}”位置不对：{where}",
        "en": "section {num} “{found}” is out of order: {where}",
    }
    rationale = "年度报告格式规定了各部分的顺序，读者和评估机构按固定顺序查找内容；顺序颠倒常见于复制往年报告后的增删。"
    fix = "把这一部分移到规则包规定的位置，并相应调整各部分编号。"
    example_bad = "七、政府信息公开的收费及减免情况\n……\n六、政府信息公开申请的办理情况"
    example_good = "六、政府信息公开申请的办理情况\n……\n七、政府信息公开的收费及减免情况"
    summary_en = "a section stands out of the pack's order"
    rationale_en = ("The formats fix the order of the sections; readers and evaluators look for content in that order. "
                    "Sections out of order usually come from adding and removing parts of last year's report.")
    fix_en = "move the section to its place in the pack's order and renumber the sections."
    texts = {
        "belongs_before": {"zh": "应排在第{line}行“{heading}”之前", "en": "it belongs before “{heading}” at line {line}"},
        "belongs_after": {"zh": "应排在第{line}行“{heading}”之后", "en": "it belongs after “{heading}” at line {line}"},
        "out_of_order": {"zh": "与其他部分的顺序不符", "en": "its place does not fit the other sections"},
    }

    def check(self, ctx: Context):
        al = ctx.alignment
        ordered = [m for m in al.matches if m.in_order]
        for m in al.matches:
            if m.in_order:
                continue
            line = m.heading.line.number
            earlier_bigger = next((o for o in ordered if o.heading.line.number < line
                                   and o.section.number > m.section.number), None)
            later_smaller = next((o for o in reversed(ordered) if o.heading.line.number > line
                                  and o.section.number < m.section.number), None)
            if earlier_bigger is not None:
                o = earlier_bigger
                where = self.text(ctx, "belongs_before", line=o.heading.line.display, heading=o.heading.text)
            elif later_smaller is not None:
                o = later_smaller
                where = self.text(ctx, "belongs_after", line=o.heading.line.display, heading=o.heading.text)
            else:
                where = self.text(ctx, "out_of_order")
            yield self.diag(ctx, m.heading.location, num=self.num(ctx, m.section.number),
                            found=m.heading.text, where=where,
                            data={"section": m.section.number})


@register
class DuplicateSection(Rule):
    id = "duplicate-section"
    code = "GL103"
    severity = Severity.ERROR
    family = "structure"
    summary = "同一部分出现两次"
    message = {
        "zh": "第{num}部分重复出现：“{found}”（{where}）",
        "en": "section {num} appears twice: “{found}” ({where})",
    }
    texts = {
        "first_at": {"zh": "第一次在第{line}行", "en": "first at line {line}"},
        "also_at": {"zh": "另一处在第{line}行", "en": "also at line {line}"},
    }
    rationale = "同一部分出现两次通常是复制粘贴往年报告时留下的，读者无法判断哪一段有效。"
    fix = "合并两处内容，删除多余的一节。"
    example_bad = "二、政府信息公开的组织领导和制度建设情况\n……\n二、政府信息公开的组织领导和制度建设情况"
    example_good = "二、政府信息公开的组织领导和制度建设情况\n……\n三、发布解读、回应社会关切以及互动交流情况"
    summary_en = "a section appears twice"
    rationale_en = ("A section that appears twice is usually left over from copying last year's report; readers "
                    "cannot tell which of the two holds.")
    fix_en = "merge the two and delete the extra section."

    def check(self, ctx: Context):
        al = ctx.alignment
        for d in al.duplicates:
            other = al.match_for(d.section.number)
            where = "?" if other is None else self.text(
                ctx, "first_at" if other.heading.position < d.heading.position else "also_at", line=other.heading.line.display)
            yield self.diag(ctx, d.heading.location, num=self.num(ctx, d.section.number),
                            found=d.heading.text, where=where, data={"section": d.section.number})


OCR_NEAR = 90  # a heading OCR read this similar to its section's (rapidfuzz ratio) differs by OCR's misreadings
_LEADING_NUMERAL = rx.compile(r"^[一二三四五六七八九十]+")


def _ocr_near(key: str, canonical: str) -> bool:
    """Whether a heading's key differs from its section's only as OCR's misreadings do: a number
    whose "、" was dropped ("二主动公开…"), a character misread or added."""
    return fuzz.ratio(_LEADING_NUMERAL.sub("", key), canonical) >= OCR_NEAR


@register
class NonstandardHeading(Rule):
    id = "nonstandard-heading"
    code = "GL104"
    severity = Severity.WARNING
    family = "structure"
    summary = "标题与规范写法不一致"
    message = {
        "zh": "标题“{found}”与规范写法不一致，应为“{canonical}”",
        "en": "heading “{found}” differs from the standard wording “{canonical}”",
    }
    suggestion = {"zh": "{numbered}", "en": "write: “{numbered}”"}
    rationale = "年度报告格式规定了各部分的标题。统一的标题便于公众查找、便于上级汇总和第三方评估比对。全角半角、空格、繁简体差异不计。"
    fix = "把标题改为规范写法（见建议）。"
    example_bad = "二、组织领导和制度建设情况"
    example_good = "二、政府信息公开的组织领导和制度建设情况"
    summary_en = "a heading differs from the standard wording"
    rationale_en = ("The formats give each section's heading. The same headings let the public find things and "
                    "let reviewers compare reports. Full- and half-width forms, spaces and traditional characters "
                    "do not count as differences.")
    fix_en = "change the heading to the standard wording (see the suggestion)."
    fixable = "safe"
    fix_summary = {"zh": "把标题改为规范写法，保留原来的序号", "en": "write the heading's standard wording, keeping its number"}

    def check(self, ctx: Context):
        matcher = matcher_for(ctx.pack)
        for m in ctx.alignment.matches:
            h = m.heading
            key = matcher.key(h.title)
            if key == matcher.key(m.section.title) or any(key == matcher.key(a) for a in m.section.accepted):
                continue
            if h.line.location and h.line.location.get("ocr") and _ocr_near(key, matcher.key(m.section.title)):
                continue  # read by OCR and all but equal: a dropped "、" or a misread character, not the writer's
            # keep the writer's own number: numbering is not checked, only the wording is
            number = _num(h.number) if h.numbered and h.number else _num(m.section.number)
            numbered = f"{number}、{m.section.title}"
            yield self.diag(ctx, h.location, found=h.text, canonical=m.section.title,
                            numbered=numbered, data={"section": m.section.number, "score": round(m.score.value, 1)},
                            fix=self._wording(ctx, h, m.section.title))

    def _wording(self, ctx: Context, h, title: str):
        """Replace the title phrase after the writer's own number. Not in a report written in
        traditional characters (the standard wording is simplified), nor where the phrase ends
        in the middle of a run-on line's body (where the title ends is a guess there)."""
        words = h.line.text[h.title_start:h.end]
        if fold(words) != nfkc(words) or h.line.content[h.end:].strip(" \t\u3000:：.。"):
            return None
        end = h.title_start + len(words.rstrip(" \t\u3000:：.。"))  # a closing colon stays
        # the headings of a pack whose wording is not verified are worth a look before changing
        return self.replacement(ctx, h.line, h.title_start, end, title,
                                None if ctx.pack.status == "verified" else "unsafe")


_EMPTY_BODY = rx.compile(r"^(无|暂无|没有|无相关情况|本年度无|略|/|—|-)?[。.]?$")


@register
class EmptySection(Rule):
    id = "empty-section"
    code = "GL105"
    severity = Severity.WARNING
    family = "structure"
    summary = "部分没有内容，或只写了“无”"
    message = {
        "zh": "第{num}部分“{title}”{what}",
        "en": "section {num} “{title}” {what}",
    }
    suggestion = {
        "zh": "写明本年度的具体情况；确实没有的，写明“本年度未……”并说明原因",
        "en": "describe the year's facts; if there were none, say so explicitly",
    }
    rationale = "年度报告要向公众说明每一项工作的情况，只写“无”或空着不写，读者无法判断是没有开展工作还是漏写。"
    fix = "补写该部分的实际情况；确无相关情况的，写明“本年度未发生……的情况”。"
    example_bad = "四、重点领域政府信息公开工作推进情况\n无"
    example_good = "四、重点领域政府信息公开工作推进情况\n本年度围绕财政预决算、行政审批等重点领域公开信息36条。"
    summary_en = "a section is empty or only says “无”"
    rationale_en = ("The report tells the public about each part of the work; with only “无” or nothing written, "
                    "readers cannot tell whether nothing was done or something was left out.")
    fix_en = "describe what happened; if nothing did, say “本年度未发生……的情况”."
    texts = {
        "only_says": {"zh": "只写了“{written}”", "en": "only says “{written}”"},
        "is_empty": {"zh": "没有内容", "en": "is empty"},
    }

    def check(self, ctx: Context):
        for m in ctx.alignment.matches:
            if m.section.allow_empty:
                continue
            h = m.heading
            body = ctx.section_body(m)
            raw = "".join(body)
            if len(raw) > 60 and len("".join(raw.split())) > 40:
                continue  # folding shrinks text at most about threefold: far longer than “无相关情况。”
            if not _EMPTY_BODY.match(norm(raw)):
                continue
            written = "".join(b.strip() for b in body)  # quoted as written (無 stays 無)
            if written:
                what = self.text(ctx, "only_says", written=written)
            else:
                if ctx.truncated and m.section.number == ctx.last_section:
                    continue  # the text stops right after the heading: truncated-document
                if any(t.section == m.section.number and not ctx.evidence(t).present(t.min_rows) for t in ctx.pack.tables):
                    continue  # a section that is its table: missing-statistics-table says so once
                what = self.text(ctx, "is_empty")
            yield self.diag(ctx, h.location, num=self.num(ctx, m.section.number), title=h.text, what=what,
                            data={"section": m.section.number})
