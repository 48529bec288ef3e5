"""The outline of a document: numbered and unnumbered headings, the report title, the parts of
a compilation, where the statistics appendix starts, and paragraphs. Independent of any rule
pack; works on normalised keys and keeps the user's columns.
"""

from __future__ import annotations

import re
from datetime import date

from govlint import rx
from govlint.document import DATED_LINE, Document, Heading, Line, Paragraph, Title, is_metadata, metadata_field
from govlint.normalize import chinese_numeral, chinese_year, fold, fold_many, norm, norm_key, norm_map, strip_spaces_many
from govlint.readers import Source

# ----------------------------------------------------------------------------- headings

_CN = "一二三四五六七八九十"
# Numbering styles, matched on the folded (NFKC, simplified) text of a line.
# Level 1: 一、 一. 一． 一， 第一部分 第一章; level 2: （一） (一); level 3: 1、 1. 1．
_LEVEL1 = rx.compile(rf"^(?P<num>[{_CN}]{{1,3}})\s*(?P<sep>[、.,，])\s*(?=\S)")
_LEVEL1_CHAPTER = rx.compile(rf"^第(?P<num>[{_CN}]{{1,3}})(?P<sep>部分|章|节)\s*[、.:：,，]?\s*")
_LEVEL2 = rx.compile(rf"^[(（]\s*(?P<num>[{_CN}]{{1,3}})\s*[)）]\s*(?P<sep>)")
_LEVEL3 = rx.compile(r"^(?P<num>\d{1,2})\s*(?P<sep>[、.．])(?!\d)\s*")

# A title ends at sentence punctuation, or at a space once it has a few characters
# ("工作开展情况 20××年，我局…"); a space inside a short title is spacing ("概  述").
_TITLE_STOP = rx.compile(r"[。；;！？!?]|[：:](?=.)|[，,](?=.)|(?<=\S\S\S\S)\s+(?=\S)|(?<=\S\S)\s+(?=[\d(（])"
                         r"|(?<=[^\W\d_A-Za-z]{4})(?=(?:19|20)\d{2}年)")  # "…工作计划2024年，我局…": the body's year
_TABLE_ROW = rx.compile(r"\||\t")
_SENTENCE_END = rx.compile(r"[。；;！？!?，,]$")
_IN_HEADING_STOP = rx.compile(r"[。；;！？!?，,]")


_HEADING_FIRST = frozenset("第(（" + _CN)


HEADING_WINDOW = 400  # characters of a line a heading's number and title are looked for in


def parse_heading(line: Line, at: int = 0) -> Heading | None:
    """Recognise a numbered heading at the start of a line (any level), or at column ``at``
    of a run-on line (columns stay those of the whole line)."""
    content = line.content
    # a heading (number and title) is short: only a window of the line is looked at, so that a
    # run-on line's thousands of headings do not each copy the rest of it
    window = content[at:at + HEADING_WINDOW]
    stripped = window.lstrip()
    indent = at + len(window) - len(stripped)
    if not stripped or (at == 0 and _TABLE_ROW.search(content, indent)):
        return None
    # the line's folded text, cut where the heading starts (per-line keys keep columns only
    # when folding kept the length)
    folded = line.folded[indent:indent + len(stripped)] if len(line.folded) == len(content) else fold(stripped)
    if len(folded) != len(stripped):  # NFKC changed the length: fall back to a per-line key
        return None
    if folded[0] not in _HEADING_FIRST and not folded[0].isdecimal():
        return None  # every numbering below starts with 第, a Chinese numeral, a bracket or a digit
    for level, pattern in ((1, _LEVEL1_CHAPTER), (1, _LEVEL1), (2, _LEVEL2), (3, _LEVEL3)):
        m = pattern.match(folded)
        if not m:
            continue
        num_text = m.group("num")
        number = int(num_text) if num_text.isdigit() else chinese_numeral(num_text)
        if number is None or number == 0:
            continue
        title_start = indent + m.end()
        remainder = content[title_start:at + len(window)]
        stop = _TITLE_STOP.search(folded[m.end():])  # a slice of the window: no lookbehind into the number
        title_end = title_start + (stop.start() if stop else len(remainder.rstrip()))
        title = content[title_start:title_end]
        if not title.strip():
            if level == 1 and stop is None:
                return None  # "十二、" alone
            title = remainder.strip()
            title_end = title_start + len(remainder.rstrip())
        return Heading(
            line=line, level=level, number=number, numbered=True, title=line.text[title_start:title_end],
            start=indent, title_start=title_start, end=title_end,
        )
    return None


# In run-on text (a whole report crawled into one line) a section heading starts right after
# a sentence ends: "…全年共发布47条信息。二、主动公开政府信息情况（一）…".
# (a value with its unit, "…94432.52元", may end the table before it)
_INLINE_LEVEL1 = rx.compile(rf"(?:(?<=[。！？!?；;：:”\"）)】元条件次人个篇])|(?<=[A-Za-z0-9]))\s*[{_CN}]{{1,3}}\s*[、.．]")
RUN_ON_LENGTH = 400  # shorter lines are never treated as run-on text


def inline_headings(line: Line, start: int = 0) -> list[Heading]:
    out = []
    folded = line.folded
    if len(folded) != len(line.content):
        return out
    for m in _INLINE_LEVEL1.finditer(folded, start):
        h = parse_heading(line, m.start())
        if h is not None and h.level == 1:
            if out:
                out[-1].rest_end = h.start  # a heading's rest ends where the next one starts
            out.append(h)
    return out


# A section heading glued after the end of a sentence on a line that is no run-on page
# ("…联系电话0714-8766001)。一、总体情况", "特编制此报告：一、总体情况"): only when it reads as a
# section heading (ends with 情况, 事项…) and the line ends there or its body follows a space or a year.
_TAIL_HEADING = rx.compile(rf"(?<=[。：:！？!?；;)）\"”])\s*(?=[{_CN}]{{1,3}}[、.．]\S{{2,30}}?(情况|事项|措施|问题|概述|附表)(\s|$|\d))")


def tail_heading(line: Line) -> Heading | None:
    folded = line.folded
    if "、" not in folded and "．" not in folded and "." not in folded:
        return None
    if len(folded) != len(line.content):
        return None
    for m in _TAIL_HEADING.finditer(folded):
        h = parse_heading(line, m.end())
        if h is not None and h.level == 1:
            return h
    return None


def is_run_on(line: Line, share: float = 0.0) -> bool:
    """A long line holding three or more level-1 headings after sentence ends; a shorter one too
    when it holds most of the document's text (``share``: a short page crawled onto one line)."""
    if len(line.content) < RUN_ON_LENGTH and not (share >= 0.6 and len(line.content) >= 150):
        return False
    return len(_INLINE_LEVEL1.findall(line.folded)) >= 3


def unnumbered_heading(line: Line, styled: bool = False) -> Heading | None:
    """A short line without a number or sentence punctuation: may be a heading whose number was
    lost. ``styled``: the writer marked it a heading (Word's 标题 1), so it counts as one."""
    content = line.content
    stripped = content.strip()
    key = line.key
    if styled:
        if not key or len(key) > 60:
            return None
        start = len(content) - len(content.lstrip())
        return Heading(line=line, level=1, number=None, numbered=True, title=line.text[start:start + len(stripped)],
                       start=start, title_start=start, end=start + len(stripped))
    if not (4 <= len(key) <= 32) or _TABLE_ROW.search(stripped) or _SENTENCE_END.search(key) or _IN_HEADING_STOP.search(key):
        return None  # "诉讼情况、…改进情况，以及" is a wrapped line of a sentence
    if re.search(r"\d", key) or "：" in stripped or ":" in stripped:
        return None
    start = len(content) - len(content.lstrip())
    end = start + len(stripped)
    return Heading(line=line, level=1, number=None, numbered=False, title=line.text[start:end],
                   start=start, title_start=start, end=end)


# ----------------------------------------------------------------------------- title and parts

_REPORT_WORD = rx.compile(r"年度报告|年报|工作报告|情况的报告|年度工作报告|工作年度报告")
_REPORT_OPENING = rx.compile(r"(本报告|本年度报告|本年报|本年度工作报告)(根据|依据|按照|是|由|中)|年度报告(根据|依据|是根据)")
# "政府信息公开", "政务公开", and the misordered "政府信息工作公开" of real titles
_DISCLOSURE_WORD = rx.compile(r"信息.{0,4}公开|政务公开|信息公布")
_YEAR = rx.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_CN_YEAR = rx.compile(r"([〇○零一二三四五六七八九]{4})年")
_PART_MARKER = rx.compile(rf"^第[{_CN}]{{1,3}}篇[:：]?")


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    return chinese_year(m.group(1)) if m else None


def _run_on_title(line: Line) -> Title | None:
    """The title inside a run-on line (a whole page crawled onto one line): the first of its
    leading phrases that names a year and an annual report on 政府信息公开, after any page chrome
    ("当前位置：首页政务公开… 某局2022年…年度报告 来源：…"); a short phrase before one that starts
    with the year is the agency ("某局 2019年政府信息公开工作年度报告")."""
    content = line.content
    spans = [(m.start(), m.end()) for m in _WORDS.finditer(content[:400])][:14]
    fallback = None
    for n, (a, b) in enumerate(spans):
        text = content[a:b]
        key = norm(text)
        if len(key) > 70 or not _REPORT_WORD.search(key) or not _DISCLOSURE_WORD.search(key):
            continue
        if _SENTENCE_END.search(key) or _IN_SENTENCE.search(key) or key.startswith(("根据", "本报告", "依据", "按照")):
            continue  # a title holds no sentence: "…12月31日。本年报的电子版发布在…信息公开网站。"
        if not ends_as_report(key):
            continue  # "…年度报告编制和发布部署会": about the reports
        if not (_YEAR.search(key) or _CN_YEAR.search(key)):
            if fallback is None and n == 0:
                fallback = Title(text=line.text[a:b], key=key, lines=[line], end=b)
            continue
        if (_YEAR.match(key) or _CN_YEAR.match(key)) and n > 0:
            pa, pb = spans[n - 1]
            prev = norm(content[pa:pb])
            if len(prev) <= 30 and not _SENTENCE_END.search(prev) and not _REPORT_WORD.search(prev) \
                    and not _CHROME.search(prev) and not prev.startswith(("根据", "本报告", "依据", "按照")):
                return Title(text=line.text[pa:pb] + line.text[a:b], key=prev + key, lines=[line], end=b)
        return Title(text=line.text[a:b], key=key, lines=[line], end=b)
    return fallback


_WORDS = rx.compile(r"(?:根据|依据|按照|本报告)?(?:(?!根据|依据|按照|本报告)\S)+")  # a phrase: up to a space or a sentence opening
_IN_SENTENCE = rx.compile(r"[。；;！？!?]")
_CHROME = rx.compile(r"当前位置|首页|来源|时间|发布|字号|打印|关闭|微信|微博|分享")


def _header_title(lines: list[Line]) -> Title | None:
    """The page's own "标题:" field, when the body has no title line."""
    for line in lines[:20]:
        if not is_metadata(line):
            continue
        value = metadata_field(line, "标题|文章标题|名称|文件名称")
        if value is None:
            continue
        key = norm(value)
        if _REPORT_WORD.search(key) and _DISCLOSURE_WORD.search(key) and len(key) <= 70 and ends_as_report(key):
            at = line.text.index(value)
            return Title(text=value, key=key, lines=[line], end=at + len(value), header=True)
    return None


def find_title(lines: list[Line], scan: int = 15) -> Title | None:
    """The report title among the first non-blank lines; joins a title split over two lines.
    Without one, the page's "标题:" header field."""
    return _body_title(lines, scan) or _header_title(lines)


def _body_title(lines: list[Line], scan: int) -> Title | None:
    seen: list[Line] = []
    for line in lines:
        if line.blank or is_metadata(line):
            continue
        seen.append(line)
        if len(seen) > scan:
            break
    for i, line in enumerate(seen):
        key = _PART_MARKER.sub("", line.key)
        if len(key) > 70:  # run-on text: the title is one of the line's leading phrases
            found = _run_on_title(line)
            if found is not None:
                return found
        if key != line.key and i + 1 < len(seen) and _REPORT_WORD.search(seen[i + 1].key):
            continue  # "第一篇: …报告" followed by the report's own title line
        if len(key) > 70 or not (_REPORT_WORD.search(key) or key.endswith("报告")):
            continue
        if _SENTENCE_END.search(key) or key.startswith(("根据", "本报告", "依据", "按照")):
            continue
        parts = [line]
        starts_with_year = bool(_YEAR.match(key) or _CN_YEAR.match(key))
        if (not _YEAR.search(key) or not _DISCLOSURE_WORD.search(key) or starts_with_year) and i > 0:
            prev = seen[i - 1]
            pkey = prev.key
            if len(pkey) <= 40 and not _SENTENCE_END.search(pkey) and not _REPORT_WORD.search(pkey):
                parts = [prev, line]
                key = _PART_MARKER.sub("", pkey) + key
        if not _DISCLOSURE_WORD.search(key) or parse_heading(line) is not None:
            continue  # "7.年报汇总能否…的报告" is a numbered item, not a title
        if not ends_as_report(key):
            continue  # "…年报编制和发布部署会", "…年度报告编制发布工作的通知": about reports, not one
        text = "".join(p.content.strip() for p in parts) if all(p.content == p.text for p in parts) else \
            "".join(p.text[len(p.content) - len(p.content.lstrip()):len(p.content.rstrip())] for p in parts)
        return Title(text=text, key=key, lines=parts)
    return None


# How an agency's name ends: what a signature line or a "由…编制" phrase must end with to be one.
_AGENCY_END = rx.compile(r"(人民政府|政府|办公室|办公厅|管委会|管理委员会|委员会|办事处|街道|苏木|[局委办厅署院所站队会镇乡区县市州旗盟])$")
_INNER_TITLE = rx.compile(r"《([^《》]*(?:年度报告|年报|工作报告)[^《》]*)》")
# a title followed by its agency and the date ("…年度报告平潭综合实验区财政金融局2013年2月")
_AFTER_REPORT = rx.compile(r"(?:年度报告|年报|工作报告)(\D{2,30}?)(?:(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?)?$")


# A report's title ends as one: "…年度报告", "…的报告（2022年）", "…年报_某县人民政府" (a page's
# title with its site's name), "…年度报告某某局2013年2月" (with its signature); a cover letter
# "关于报送《…年度报告》的函" stands for the report it covers.
_REPORT_TAIL = rx.compile(r"(?:年度报告|年报|报告)(?:[（(][^）)]{0,15}[）)])?(?:全文|正文)?(?:[_\-—|｜·].{0,40})?$")
_DATED_TAIL = rx.compile(r"(?:年度报告|年报|工作报告)\D{2,30}?(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?$")


def ends_as_report(key: str) -> bool:
    key = key.rstrip("。.：:")
    return bool(_REPORT_TAIL.search(key) or _DATED_TAIL.search(key) or _COVER.match(key))


def agency_from_title(key: str) -> str | None:
    inner = _INNER_TITLE.search(key)
    if inner and (key.startswith("关于") or key.endswith(("函", "通知", "报告"))) and inner.group(1) != key:
        key = inner.group(1)  # a cover letter "关于报送《某局2015年…年度报告》的函": the report's title
    key = re.sub(r"^关于", "", key)
    after = _AFTER_REPORT.search(key)
    if after and _AGENCY_END.search(after.group(1)) and not _DISCLOSURE_WORD.search(after.group(1)):
        return after.group(1)
    m = _YEAR.search(key) or _CN_YEAR.search(key)
    if m and m.start() > 1:
        name = key[:m.start()]
    elif m:
        rest = key[m.end():]
        rest = re.sub(r"^度", "", rest)
        cut = re.search(r"(政府信息公开|政务公开|信息公开|政府信息)", rest)
        name = rest[:cut.start()] if cut else ""
    else:
        cut = re.search(r"(政府信息公开|政务公开|信息公开)", key)
        name = key[:cut.start()] if cut else ""
    name = _TRAILING_YEAR.sub("", name).strip("（）()《》“”:：,，")
    return name if len(name) >= 2 else None


_TRAILING_YEAR = rx.compile(r"(?:19|20)\d{2}(?:年度?)?$")  # "某国资委2020政府信息公开…": the year without 年


def title_agency(title: Title) -> str | None:
    """The agency named in the title, quoted in the user's characters (not the simplified key)."""
    name = agency_from_title(_PART_MARKER.sub("", title.key))
    if not name:
        return None
    key, index = norm_map(title.text)
    at = key.find(name)
    if at < 0:
        return name
    return title.text[index[at]:index[at + len(name) - 1] + 1]


def header_agency(doc: Document) -> str | None:
    """The agency the page's own "标题:" field names, when the body's title names none."""
    title = _header_title(doc.lines)
    return title_agency(title) if title is not None else None


_DATE_TAIL = rx.compile(r"[(（]?\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?\s*[)）]?$")
_SIGN_STOP = rx.compile(r"[。；;！？!?，,:：、《》“”\d]")


def _agency_name(text: str) -> str | None:
    """``text`` when it reads as an agency's name: short, no sentence, ending as names end."""
    key = norm(text)
    if not (3 <= len(key) <= 30) or _SIGN_STOP.search(key) or not _AGENCY_END.search(key):
        return None
    return text.strip()


def signature_agency(doc: Document) -> str | None:
    """The agency that signs the report: a name line near the end, before or beside its date
    ("桦甸市人民政府新华街道办事处 / 2013年3月7日"), or the tail of a run-on page after its
    last sentence."""
    end = doc.appendix_start if doc.appendix_start is not None else len(doc.lines)
    seen = 0
    for line in reversed(doc.lines[:end]):
        if line.blank or is_metadata(line):
            continue
        seen += 1
        if seen > 4:
            break
        text = line.text.strip()
        if len(text) > 60:  # a run-on page: what follows its last sentence
            cut = max(text.rfind(c) for c in "。！？；")
            if cut < 0 or len(text) - cut > 60:
                return None
            text = text[cut + 1:].strip()
        date = _DATE_TAIL.search(text)
        if date is not None:
            text = text[:date.start()].strip()
            if not text:
                continue  # the date on its own line: the name is above
        name = _agency_name(text)
        if name is not None or len(line.text.strip()) > 60:
            return name
        if parse_heading(line) is not None:
            return None
    return None


_COMPILED_BY = rx.compile(r"由([^由，。,；;：:“”《》()（）]{2,30}?)(?:负责)?(?:编制|编写|制作|汇总编制|发布)"
                          r"|(?:现|特|现将|特将|现予|现向社会|特向社会)(?:公布|发布)([^，。,；;：:“”《》()（）]{2,30}?)(?:19|20)\d{2}年度?")


def compiler_agency(doc: Document) -> str | None:
    """The agency an opening sentence names as the report's author ("由伊宁县人民政府办公室编制",
    "现公布某街道办事处2025年政府信息公开工作年度报告")."""
    for line in [l for l in doc.lines if not l.blank and not is_metadata(l)][:4]:
        for m in _COMPILED_BY.finditer(line.text[:400]):
            name = _agency_name(m.group(1) or m.group(2))
            if name is not None:
                return name
    return None


# The overview's first sentence names its subject: "2021年，威县人民政府认真贯彻…", "2024年，甘眉
# 工业园区管委会严格落实…" (never 我县, 全县: those are no names)
_SUBJECT = rx.compile(r"^(?:(?:19|20)\d{2}年度?[,，]?)?(?:[^，。,；;]{0,12}[,，])?"
                      r"(?P<name>(?:[^\W\d_A-Za-z]|[（）()]){2,30}?(?:人民政府|管委会|管理委员会|委员会|办公室|办公厅|街道办事处|"
                      r"[局委办厅署院中心镇乡区县市旗]|苏木))"
                      r"(?:的?(?:政府信息公开|政务公开)(?:工作)?)?"
                      r"(?:认真|严格|坚持|深入|全面|积极|扎实|持续|进一步|始终|紧紧|高度|聚焦|按照|围绕|以|在)")


def subject_agency(doc: Document) -> str | None:
    """The agency the overview's first sentences name as their subject."""
    seen = 0
    for line in doc.lines:
        if line.blank or is_metadata(line) or parse_heading(line) is not None:
            continue
        seen += 1
        if seen > 6:
            break
        m = _SUBJECT.match(line.folded.strip()[:80])
        if m is None:
            continue
        name = m.group("name")
        if name[0] in "我本全各该" or len(name) < 3:
            continue
        start = len(line.folded) - len(line.folded.lstrip()) + m.start("name")
        return line.text[start:start + len(name)] if len(line.folded) == len(line.text) else name
    return None


# The 2019/2021 overview's themes as sub-headings ("（一）主动公开情况", "2.依申请公开政府信息情况",
# "（三）是完善政府信息管理…"): a report's, in a page that starts without its title.
_THEME = rx.compile(r"^(?:\([一二三四五六七八九十]\)|[一二三四五六七八九十\d]{1,2}[、.．])(?:是)?(?:加强|完善|强化|做好|推进|规范)?"
                    r".{0,6}?(主动公开|依申请公开|政府信息管理|平台建设|监督保障)")


def report_content_signs(doc: Document) -> int:
    """Signs in a text without a title that it is an annual report: its opening cites the
    regulation (1), its sub-headings name two or more of the overview's themes (1)."""
    signs = 0
    opening = [l for l in doc.lines if not l.blank and not is_metadata(l)][:4]
    if any("政府信息公开条例" in l.key for l in opening):
        signs += 1
    themes = set()
    for line in doc.lines[:400]:
        if line.key[:1] in "(（一二三四五六七八九十0123456789":
            m = _THEME.match(line.key[:24])
            if m:
                themes.add(m.group(1))
    return signs + (len(themes) >= 2)


# How a text ends when it stops mid-way (a page's opening, a file cut off in copying): not at a
# sentence's end, nor with a signature, a date, a filled table row or a closing formula.
_ENDS_SENTENCE = rx.compile(r"[。！？!?；;…）)」』”\"】\]》>]$")
_TAIL_FURNITURE = rx.compile(r"(附件下载|相关附件|打印本页|关闭窗口|打印|关闭|返回顶部|分享到|【|】|\[|\])+$")
_TABLE_TAIL = rx.compile(r"[件条元个次人项篇户]\d+$")
_CLOSING = rx.compile(r"^(特此报告|特此公告|特此说明|以上|此页无正文|附件\S*|附表\S*|\S{0,12}(年报|年度报告))$")


def cut_off(doc: Document) -> Line | None:
    """The last line, when the text stops in the middle of a sentence, a heading or a table
    (its label or head row without values): what follows it is unknown."""
    last = None
    for line in reversed(doc.lines):
        if line.blank or is_metadata(line):
            continue
        last = line
        break
    if last is None:
        return None
    key = _TAIL_FURNITURE.sub("", last.key)
    if not key:
        return None
    if "|" in last.content or "\t" in last.content.strip():
        cells = [c for c in key.split("|") if c]
        values = [c for c in cells if re.fullmatch(r"[-+]?\d+(\.\d+)?", c)]
        opened = key.count("(") + key.count("（") > key.count(")") + key.count("）")
        return last if (not values or opened) else None  # a head row, or a cell cut short
    if parse_heading(last) is not None:
        return last  # a heading with nothing after it
    if _ENDS_SENTENCE.search(key):
        return None  # a sentence's end
    if key[-1].isdecimal() and (_TABLE_TAIL.search(key) or not re.search(r"[，,、；;]", key[-40:])):
        return None  # a run of table values ("…行政复议数件00行政诉讼数件00", "…举报数 件 0 0")
    if _DATE_TAIL.search(key) or _agency_name(key) or _CLOSING.match(key):
        return None  # a signature, its date, "特此报告"
    return last


_PRIMARY_AGENCY = rx.compile(r"(人民政府|政府|管委会|管理委员会|委员会|街道办事处|[局委厅署])$")
_CONTACT_OFFICE = rx.compile(r"请与([^，。,；;（(：:“”]{2,30}?)联系")
_OFFICE_TAIL = rx.compile(r"(办公室|综合科|综合股|政务公开办|政务公开科|信息公开办公室|党政办|党政办公室|秘书科)$")


def without_office(name: str) -> str:
    """An agency's name without the office that acts for it ("平潭县公安局办公室": 平潭县公安局)."""
    rest = _OFFICE_TAIL.sub("", name)
    return rest if rest != name and _AGENCY_END.search(rest) and len(rest) >= 3 else name


def contact_agency(doc: Document) -> str | None:
    """The agency whose office the public is asked to contact ("请与仙游县财政局办公室联系": 仙游县财政局)."""
    for line in doc.lines[:400]:
        if "联系" not in line.key:
            continue
        m = _CONTACT_OFFICE.search(line.text)
        if m is None:
            continue
        name = m.group(1).strip()
        if name[:1] in "我本":
            return None
        full = without_office(name)
        if full == name and not _PRIMARY_AGENCY.search(name):
            return None  # "乡党政办", "办公室": an office, not the agency's name
        return _agency_name(full) if len(full) >= 4 or full != name else None
    return None


def published_by(doc: Document) -> str | None:
    """The agency a page's header names ("发布机构：某某局", "| 发文机关: | 某某局 |") in its first lines."""
    for line in doc.lines[:15]:
        if not is_metadata(line):
            continue
        value = metadata_field(line, "发布机构|发文机关|发文单位|发布单位")
        if value:
            name = value.split()[0]
            if _agency_name(name):
                return name
    return None


def strip_part_marker(text: str) -> str:
    """A part's first line without its "第三篇：" marker (the whole line if that is all it holds)."""
    m = _PART_MARKER.match(text)
    return (text[m.end():].strip() or text) if m else text


def split_parts(lines: list[Line]) -> list[tuple[str | None, list[Line]]]:
    """A compilation ("第一篇: …", "第二篇: …") becomes one part per document."""
    marks = [i for i, line in enumerate(lines) if line.key[:1] == "第" and _PART_MARKER.match(line.key)]
    if len(marks) < 2:
        return [(None, lines)]
    parts: list[tuple[str | None, list[Line]]] = []
    bounds = marks + [len(lines)]
    for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
        start = 0 if n == 0 else a  # text before the first marker belongs to the first part
        label = _PART_MARKER.match(lines[a].key).group(0).rstrip(":：")
        parts.append((label, lines[start:b]))
    return parts


def build_documents(source: Source, max_line_chars: int) -> list[Document]:
    """The source's lines as documents (one, or one per part of a compilation), each with its
    outline. A line longer than ``max_line_chars`` is analysed up to that length, quoted in full."""
    cap = max_line_chars
    contents = [sl.content if len(sl.content) <= cap else sl.content[:cap] for sl in source.lines]
    folded = fold_many(contents)
    lines = [Line(sl.number, sl.text, content, sl.location, f, k, sl.display, sl.offset)
             for sl, content, f, k in zip(source.lines, contents, folded, strip_spaces_many(folded))]
    parts = split_parts(lines)
    docs = []
    for n, (label, part_lines) in enumerate(parts, start=1):
        doc = Document(source=source, lines=part_lines, part=n if label else None, part_label=label)
        _analyse(doc)
        docs.append(doc)
    return docs


_APPENDIX_LINE = rx.compile(r"^(附件|附表)\d*[:：]?$")
_PROSE = rx.compile(r"[。，,；;]")


def _analyse(doc: Document) -> None:
    doc.title = find_title(doc.lines)
    title_lines = {id(l) for l in doc.title.lines} if doc.title else set()
    doc.appendix_start = _find_appendix(doc)
    end = doc.appendix_start if doc.appendix_start is not None else len(doc.lines)
    total = sum(len(l.key) for l in doc.lines) or 1
    prev: Line | None = None  # the previous non-blank line
    for line in doc.lines[:end]:
        if line.blank:
            continue
        before, prev = prev, line
        key = line.key
        share = len(key) / total
        if (len(key) > 32 and len(line.content) < RUN_ON_LENGTH and key[0] not in _HEADING_FIRST and share < 0.6
                and not key[0].isdecimal() and not (line.location and line.location.get("heading") == 1)):
            tail = tail_heading(line)  # "…电话0714-8766001)。一、总体情况": a heading after a sentence
            if tail is not None and id(line) not in title_lines:
                doc.headings.append(tail)
            continue  # body text: no number, too long to be an unnumbered heading, not run-on
        if is_metadata(line):
            continue
        if is_run_on(line, share):
            title = doc.title
            skip = 0
            if title is not None and line is title.lines[-1]:
                skip = title.end if title.end is not None else len(title.text)
            for h in inline_headings(line, skip):
                if "统计表" in norm(h.line.content[h.title_start:h.title_start + 30]):
                    break  # "六、政府信息公开情况统计表指标名称…": the appendix, not a section
                doc.headings.append(h)
            continue
        if id(line) in title_lines:
            continue
        h = parse_heading(line)
        if h is not None:
            if h.level == 1:
                doc.headings.append(h)
            continue
        if line.location and line.location.get("heading") == 1:
            styled = unnumbered_heading(line, styled=True)  # Word's 标题 1: a heading without a number
            if styled is not None:
                doc.headings.append(styled)
                continue
        if before is not None and _continues(before, title_lines):
            continue  # a hard-wrapped line of a sentence ("…收到和 / 处理政府信息公开申请情况、…")
        u = unnumbered_heading(line)
        if u is not None and _PART_MARKER.match(line.key) is None:
            doc.candidates.append(u)


_WRAPPED = rx.compile(r"[。！？!?；;：:）)”\"」』】]$")


def _continues(before: Line, title_lines: set[int]) -> bool:
    """Does ``before`` run on into the next line: a long line of prose that does not end a
    sentence (PDF text and hard-wrapped drafts break lines anywhere)?"""
    key = before.key
    if len(key) < 15 or _WRAPPED.search(key) or id(before) in title_lines or _TABLE_ROW.search(before.content):
        return False
    return parse_heading(before) is None and not is_metadata(before)


def _find_appendix(doc: Document) -> int | None:
    """Index of the line where a statistics appendix (附件/附表 + 统计表) begins."""
    for i in doc.lines_containing("统计表"):
        key = doc.lines[i].key
        if len(key) > 50:
            continue
        if not _PROSE.search(key[:-1]):
            j = i
            if i > 0:  # a bare "附件" just before belongs to the appendix
                prev = doc.last_nonblank(i)
                if prev is not None and _APPENDIX_LINE.match(prev.key):
                    j = doc.index_of(prev)
            return j
    return None




# A document of another kind, by how its title ends: a notice about compiling the reports, a
# plan, a summary, a guide… ("关于做好2022年度政府信息公开工作年度报告编制发布工作的通知").
_OTHER_TITLE = rx.compile(r"(通知|函|意见|方案|要点|计划|总结|指南|批复|决定|办法|规定|细则|目录|公告|通报|讲话|纪要|"
                          r"简报|规划|清单|请示|自查报告|整改报告|述职报告|工作汇报|实施方案|解读|图解)$"
                          r"|^[【\[]?(图解|一图读懂|图说|解读|政策解读|一图看懂)")
# …unless it only covers a report that follows ("关于报送《某局2015年…年度报告》的函")
_COVER = rx.compile(r"^关于(报送|印发|公布|发布|上报|呈报|转发|提交)《[^》]*(年度报告|年报)[^》]*》")
# An opening that publishes the report: "现公布2016年度政府信息公开年度报告", "特向社会公布…年度报告"
_PUBLISHES = rx.compile(r"(现|特|现向社会|特向社会|予以)(公布|发布)[^。]{0,40}(年度报告|年报)|(现将|特将)[^。]{0,40}(年度报告|年报)[^。]{0,10}(公布|发布)")


def _other_title(key: str) -> bool:
    key = key.rstrip("。.：:")
    return bool(_OTHER_TITLE.search(key)) and not _COVER.match(key)


def report_signal(doc: Document) -> bool | None:
    """What the document says it is: True, an annual report (its title, or an opening such as
    "本报告根据《条例》……编制", "现公布2016年度…年度报告"); False, another kind of document (a title
    ending 通知, 方案, 总结…, among its first lines or in the page's 标题 field); None, neither."""
    title = doc.title
    if title is not None and (_REPORT_WORD.search(title.key) or ends_as_report(title.key)):
        return not _other_title(_PART_MARKER.sub("", title.key))
    opening = [l for l in doc.lines if not l.blank and not is_metadata(l)][:6]
    for line in opening[:4]:
        head = line.key[:160]
        if _REPORT_OPENING.search(head[:120]) or _PUBLISHES.search(head):
            return True
    for line in opening:
        for phrase in _WORDS.findall(line.content[:300])[:10] if len(line.key) > 80 else [line.content]:
            key = norm(phrase)
            if 6 <= len(key) <= 80 and not _IN_SENTENCE.search(key) and _other_title(_PART_MARKER.sub("", key)) \
                    and (_DISCLOSURE_WORD.search(key) or _REPORT_WORD.search(key)):
                return False
    for line in doc.lines[:20]:
        if is_metadata(line):
            value = metadata_field(line, "标题|文章标题|名称|文件名称")
            if value is not None and _other_title(norm(value)):
                return False
    return None



# ----------------------------------------------------------------------------- paragraphs

_PARAGRAPH_END = rx.compile(r"[。！？!?；;]$")


def paragraphs(doc: Document) -> list[Paragraph]:
    """Lines joined while a line does not end a sentence; headings, table rows, page residue
    and blank lines break paragraphs."""
    out: list[Paragraph] = []
    current: list[Line] = []

    def key_of(line: Line) -> str:
        # the line's own key, unless folding changed its length (then the mapping back to
        # columns needs the key norm_map builds)
        return line.key if len(line.folded) == len(line.content) else norm_key(line.content)

    def flush():
        if len(current) == 1:  # most paragraphs are one line
            out.append(Paragraph([current[0]], key_of(current[0]), [0]))
            current.clear()
            return
        key_parts, offsets, size = [], [], 0
        for line in current:
            k = key_of(line)
            key_parts.append(k)
            offsets.append(size)
            size += len(k)
        out.append(Paragraph(list(current), "".join(key_parts), offsets))
        current.clear()

    for line in doc.lines:
        c = line.content
        if line.blank or is_metadata(line) or "|" in c or ("\t" in c and "\t" in c.strip()):
            if current:  # a break, or a table row (_TABLE_ROW in the stripped line)
                flush()
            continue
        if current and parse_heading(line) is not None:
            flush()
        current.append(line)
        if _PARAGRAPH_END.search(line.key):
            flush()
    if current:
        flush()
    return out


# ----------------------------------------------------------------------------- publication date

_META_DATE = rx.compile(r"(发布日期|公开日期|发布时间|成文日期|发文日期|印发日期)[:：|]{0,3}(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})日?")
_SIGNATURE_DATE = rx.compile(r"^[(（]?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[)）]?$")
_SIGNATURE_CN = rx.compile(r"^[(（]?([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日[)）]?$")


def valid_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def publication_date(doc: Document) -> tuple[date, Line, int, int, str | None] | None:
    """(date, line, key span, label): a 发布日期/公开日期 line (its label as written in the key), else
    the date under the signature (label None)."""
    for line in doc.lines[:40]:
        m = _META_DATE.search(line.key)
        if m:
            d = valid_date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
            if d:
                return d, line, m.start(), m.end(), m.group(1)
    for line in doc.lines[:15]:  # a page's date line without a label ("2025-02-14 08:50 来源:某某局")
        m = DATED_LINE.match(line.key) if line.key[:2] in ("19", "20") else None
        if m and is_metadata(line):
            d = valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d, line, m.start(1), m.end(3), "发布时间"
    tail = [l for l in doc.lines if not l.blank and not is_metadata(l)][-4:]
    for line in reversed(tail):
        key = line.key
        m = _SIGNATURE_DATE.match(key)
        if m:
            d = valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            c = _SIGNATURE_CN.match(key)
            d = None
            if c:
                y, mo, dd = chinese_year(c.group(1)), chinese_numeral(c.group(2)), chinese_numeral(c.group(3))
                d = valid_date(y, mo, dd) if y and mo and dd else None
        if d:
            return d, line, 0, len(key), None
    return None
