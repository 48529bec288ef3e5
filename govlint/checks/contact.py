"""Contact information a reader can use to ask about the report."""

from __future__ import annotations

from govlint.checks import Rule, indent_of, intro_line, register
from govlint.diagnostics import Severity
from govlint.facts import Context


def _canonical(ctx: Context) -> str:
    spec = ctx.pack.contact
    return spec.canonical.format(agency=ctx.agency or "本机关") if spec.canonical else ""


@register
class MissingContact(Rule):
    id = "missing-contact"
    code = "GL301"
    severity = Severity.INFO
    family = "contact"
    summary = "没有可供公众咨询的联系方式"
    message = {
        "zh": "报告中没有可供公众咨询的联系方式（电话、地址或电子邮箱）",
        "en": "the report gives no contact a reader can use (phone, address or email)",
    }
    suggestion = {"zh": "{canonical}", "en": "for example: “{canonical}”"}
    rationale = ("公众对年度报告有疑问时需要知道向谁咨询。常见写法是在引言或结尾写明“如对本报告有疑问，请与……联系”，"
                 "并给出地址、邮编、电话、电子邮箱。《条例》和年度报告格式都没有规定引言的内容，2019年以后的报告多数不写联系方式，"
                 "所以只作提示。")
    fix = "在引言或结尾加上联系方式：负责部门、地址、电话、电子邮箱。"
    example_bad = "本报告电子版可在本局网站下载。"
    example_good = "如对本报告有疑问，请与区商务局办公室联系（地址：建华西路157号；电话：0632-5362806）。"
    summary_en = "the report gives no contact for questions from the public"
    rationale_en = ("A reader with a question about the report needs to know whom to ask. Reports usually end or begin "
                    "with “如对本报告有疑问，请与……联系” and an address, postcode, telephone and email. Neither the "
                    "regulation nor the formats prescribe the introduction, and most reports since 2019 give no contact, "
                    "so this is a notice.")
    fix_en = "add contact details to the introduction or the end: the office, address, telephone, email."
    texts = {"empty_label": {"zh": "第{line}行有“{label}”但没有填写内容", "en": "line {line} has “{label}” with nothing after it"}}
    fixable = "unsafe"
    fix_summary = {"zh": "在第一部分的标题之前插入一句待填写的联系方式",
                   "en": "insert a contact sentence to fill in before the first section's heading"}

    def check(self, ctx: Context):
        if ctx.pack.contact is None:
            return
        found, empty = ctx.contact
        if found or ctx.truncated:
            return  # a text that stops mid-way may give them further on
        notes = []
        if empty:
            notes.append(self.text(ctx, "empty_label", line=empty[0][0].line, label=empty[0][1]))
        yield self.diag(ctx, ctx.intro_location, canonical=_canonical(ctx), notes=notes, fix=self._insert(ctx))

    def _insert(self, ctx: Context):
        """The pack's template before the first heading (or its lead-in); not where the report
        has a contact sentence without the details (“如有疑问，请联系本局办公室”): those are the
        writer's to add, a second sentence would contradict it."""
        spec, anchor = ctx.pack.contact, ctx.intro_anchor
        if not spec.template or anchor is None:
            return None
        if spec.sentence is not None and any(spec.sentence.search(l.key) for l in ctx.doc.lines):
            return None
        line, at = anchor
        like = intro_line(ctx, line)
        return self.insertion(ctx, line, at, [indent_of(ctx, like) + spec.template], [like])


@register
class IncompleteContact(Rule):
    id = "incomplete-contact"
    code = "GL302"
    severity = Severity.INFO
    family = "contact"
    summary = "联系方式不完整"
    message = {
        "zh": "联系方式不完整：{what}",
        "en": "incomplete contact information: {what}",
    }
    suggestion = {"zh": "{canonical}", "en": "for example: “{canonical}”"}
    rationale = "只给出地址或只给出电话，公众不便咨询；写了“联系电话：”却没有号码，是模板未填写完。"
    fix = "补全联系电话和办公地址（可加电子邮箱和邮编）。"
    example_bad = "如有疑问请联系本局办公室，联系电话：。"
    example_good = "如有疑问请联系本局办公室（地址：建华西路157号；联系电话：0632-5362806）。"
    summary_en = "the contact details are incomplete"
    rationale_en = ("An address without a telephone, or a telephone without an address, makes asking harder; "
                    "“联系电话：” with no number is a template left unfilled.")
    fix_en = "complete the telephone and the office address (an email and a postcode help too)."
    texts = {
        "nothing_after": {"zh": "“{label}”后没有填写内容", "en": "nothing after “{label}”"},
        "missing": {"zh": "缺少{labels}", "en": "no {labels}"},
    }

    def check(self, ctx: Context):
        spec = ctx.pack.contact
        if spec is None:
            return
        found, empty = ctx.contact
        if not found:
            return  # missing-contact
        for loc, label in empty:
            yield self.diag(ctx, loc, what=self.text(ctx, "nothing_after", label=label), canonical=_canonical(ctx))
        absent = [f for f in spec.fields if f.expected and f.id not in found]
        if absent and not ctx.truncated:
            loc = min(found.values(), key=lambda l: (l.line, l.column))
            labels = self.join(ctx, (self.pack_text(ctx, f.label) for f in absent))
            what = self.text(ctx, "missing", labels=labels)
            yield self.diag(ctx, loc, what=what, canonical=_canonical(ctx),
                            data={"missing": [f.id for f in absent]})
