"""The HTML reader: a report as a web page (.html), with its tables as real <table>s."""

from __future__ import annotations

import codecs
import re

import pytest
from conftest import run_cli

from govlint.errors import InputError
from govlint.limits import Limits
from govlint.readers.html import read as _read


def read(path: str, data: bytes):
    return _read(path, data, Limits())

# ----------------------------------------------------------------------------- helpers


def line_of(html: str, needle: str, nth: int = 1) -> int:
    """1-based source line of the nth line of ``html`` containing ``needle``."""
    hits = [i for i, line in enumerate(html.split("\n"), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in the page"
    return hits[nth - 1]


def cells(text: str) -> list[str]:
    """A row's cells; a row whose last cell is blank ends with a bar of its own ("… | |")."""
    parts = [c.strip() for c in text.split("|")]
    return parts[:-1] if text.endswith(" |") else parts


def by_text(src, needle: str):
    found = [l for l in src.lines if needle in l.text]
    assert found, f"no line with {needle!r}: {[l.text for l in src.lines]}"
    return found[0]


def assert_well_formed(src) -> None:
    numbers = [l.number for l in src.lines]
    assert numbers == sorted(set(numbers)), "line numbers strictly increase"
    for l in src.lines:
        assert l.text == l.content and l.text == l.text.strip() and l.text
        assert "  " not in l.text and "\u00a0" not in l.text


# ----------------------------------------------------------------------------- (a) a GBK page

TABLE2_HEAD = """\
<tr><th rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan="7">申请人情况</th></tr>
<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>"""

GBK_PAGE = f"""\
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta charset="gb2312">
<title>某县交通运输局2023年政府信息公开工作年度报告_某县人民政府</title>
<style>p {{ text-indent: 2em; }}</style>
<script type="text/javascript">document.write("<p>脚本里的文字</p>");</script>
</head>
<body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div id="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="article">
<h1>某县交通运输局2023年政府信息公开工作年度报告</h1>
<div class="info">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="tools"><a href="javascript:print()">打印</a> <a href="javascript:close()">关闭</a></div>
<p>&nbsp;&nbsp;本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>
<p>　　2023年，我局全年主动公开
   政府信息126条。</p>
<h2>三、收到和处理政府信息公开申请情况</h2>
<table border="1" cellspacing="0">
<tbody>
{TABLE2_HEAD}
<tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td>（七）总计</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
</tbody>
</table>
<p>某县交通运输局</p>
<p>2024年1月22日</p>
</div>
<div class="footer">主办：某县人民政府办公室 <span>网站标识码：1234567890</span></div>
<noscript>请启用脚本</noscript>
</body>
</html>
"""


@pytest.fixture(scope="module")
def gbk_page():
    return read("report.html", GBK_PAGE.encode("gbk"))


def test_gbk_page_decodes_with_meta_charset(gbk_page):
    assert gbk_page.format == "html"
    assert gbk_page.encoding == "gb18030"
    assert_well_formed(gbk_page)
    texts = [l.text for l in gbk_page.lines]
    assert texts[0] == "某县交通运输局2023年政府信息公开工作年度报告"
    assert "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。" in texts
    assert "2023年，我局全年主动公开 政府信息126条。" in texts
    assert texts[-2:] == ["某县交通运输局", "2024年1月22日"]


def test_gbk_page_drops_furniture(gbk_page):
    everything = "\n".join(l.text for l in gbk_page.lines)
    for furniture in ("首页", "政务公开", "当前位置", "字号", "打印", "关闭", "大 中 小", "主办", "网站标识码",
                      "脚本里的文字", "请启用脚本", "text-indent", "_某县人民政府"):
        assert furniture not in everything


def test_gbk_page_table_rows_are_pipe_lines(gbk_page):
    rows = [l for l in gbk_page.lines if l.location]
    assert [l.location for l in rows] == [{"table": 1, "row": r} for r in range(1, 6)]
    for row in rows:
        assert len(cells(row.text)) == 8
    assert cells(rows[0].text) == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
                                   "", "", "", "", "", ""]
    assert cells(rows[1].text) == ["", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert cells(rows[2].text) == ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert rows[3].text == "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4"
    assert rows[4].text == "（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4"


def test_gbk_page_line_numbers_are_source_lines(gbk_page):
    assert by_text(gbk_page, "年度报告").number == line_of(GBK_PAGE, "<h1>")
    assert by_text(gbk_page, "统计期限").number == line_of(GBK_PAGE, "统计期限")
    assert by_text(gbk_page, "主动公开").number == line_of(GBK_PAGE, "全年主动公开")  # the <p>'s line
    assert by_text(gbk_page, "申请人情况").number == line_of(GBK_PAGE, "申请人情况")
    assert by_text(gbk_page, "商业企业").number == line_of(GBK_PAGE, "<th>商业企业")
    assert by_text(gbk_page, "（七）总计").number == line_of(GBK_PAGE, "（七）总计")
    assert by_text(gbk_page, "2024年1月22日").number == line_of(GBK_PAGE, "2024年1月22日")


# ----------------------------------------------------------------------------- details of lines


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<html><head>{head}</head>\n<body>\n{body}\n</body></html>\n"


def read_str(html: str, encoding: str = "utf-8"):
    src = read("x.html", html.encode(encoding))
    assert_well_formed(src)
    return src


def test_blocks_on_one_source_line_stay_lines_of_their_own():
    # (number, the line shown, where on it, text): blocks sharing a source line are shown on it
    # one after another; the numbers after them run ahead of the file's
    html = page("<p>第一段</p><p>第二段</p>\n<div>甲<br>乙<br/>\n丙</div>\n<ul><li>一</li>\n<li>二</li></ul>")
    src = read_str(html)
    assert [(l.number, l.shown, l.offset, l.text) for l in src.lines] == [
        (3, 3, 0, "第一段"), (4, 3, 4, "第二段"), (5, 4, 0, "甲"), (6, 4, 2, "乙"), (7, 5, 0, "丙"), (8, 6, 0, "一"),
        (9, 7, 0, "二")]


def test_inline_text_is_concatenated_and_whitespace_collapsed():
    html = page('<p>本机关<b>全年</b>收到<a href="#">申请</a>&nbsp;&nbsp; 4件，\t\t办结<span>4</span>件。</p>')
    assert [l.text for l in read_str(html).lines] == ["本机关全年收到申请 4件， 办结4件。"]


def test_text_around_nested_blocks():
    html = page("<div>开头文字\n<p>段落</p>\n结尾\n文字</div>\n<div>\n\n<span>晚到的文字</span></div>")
    src = read_str(html)
    assert [(l.number, l.text) for l in src.lines] == [(3, "开头文字"), (4, "段落"), (5, "结尾 文字"), (7, "晚到的文字")]


def test_pre_keeps_its_lines():
    html = page("<pre>第一行\n第二行   有空格\n\n第四行</pre>")
    assert [(l.number, l.text) for l in read_str(html).lines] == [(3, "第一行"), (4, "第二行 有空格"), (6, "第四行")]


@pytest.mark.parametrize("furniture", [
    "字号", "大 中 小", "打印", "关闭", "打印本页", "关闭窗口", "【字体：大 中 小】", "分享到",
    "【打印本页】 【关闭窗口】", "字号：[ 大 中 小 ] | 打印 | 关闭",
])
def test_furniture_lines_are_dropped(furniture):
    html = page(f"<p>正文</p>\n<div>{furniture}</div>\n<p>关闭窗口前请保存。</p>")
    assert [l.text for l in read_str(html).lines] == ["正文", "关闭窗口前请保存。"]


@pytest.mark.parametrize("attrs", [
    'id="mainNav"', 'class="g-header"', 'class="Footer_box"', 'class="breadcrumb"', 'class="bdsharebuttonbox share"',
    'id="printArea_tools"', 'class="ToolBar"', 'class="right sidebar"', 'class="menu"', 'style="display:none"',
])
def test_furniture_elements_are_dropped(attrs):
    html = page(f"<div {attrs}><p>导航文字</p></div>\n<p>正文一段。</p>")
    assert [l.text for l in read_str(html).lines] == ["正文一段。"]


def test_whole_page_form_is_kept():
    """An ASP.NET page wraps everything in <form>; a CMS may call the article's box a header."""
    report = "\n".join(f"<p>第{i}段：本机关依法公开政府信息，做好政策解读工作。</p>" for i in range(1, 6))
    html = page(f'<form id="form1" runat="server">\n<div class="nav">首页</div>\n'
                f'<div class="article-header-box">\n{report}\n</div>\n</form>')
    texts = [l.text for l in read_str(html).lines]
    assert texts == [f"第{i}段：本机关依法公开政府信息，做好政策解读工作。" for i in range(1, 6)]


def test_colspan_and_rowspan_fill_the_grid():
    html = page('<table>\n<caption>表一</caption>\n'
                '<tr><td rowspan="2">A</td><td colspan="2">B</td><td>C</td></tr>\n'
                '<tr><td>D</td><td rowspan="5">E</td><td>F</td></tr>\n'  # rowspan past the table's end
                '<tr><td colspan="3">G</td></tr>\n'
                '<tr><td> </td><td></td></tr>\n'  # empty row: no line
                '<tr><td>H<br>I</td><td>J|K</td></tr>\n</table>')
    src = read_str(html)
    assert [(l.number, l.text, l.location) for l in src.lines] == [
        (4, "表一", None),
        (5, "A | B | | C", {"table": 1, "row": 1}),
        (6, "| D | E | F", {"table": 1, "row": 2}),
        (7, "G | | | |", {"table": 1, "row": 3}),  # a blank last cell: a bar of its own
        (9, "H I | J¦K | | |", {"table": 1, "row": 5}),  # row 4 is empty: no line
    ]
    assert [len(cells(l.text)) for l in src.lines if l.location] == [4, 4, 4, 4]


def test_tables_are_numbered_and_layout_tables_are_containers():
    long_text = "本机关坚持以公开为常态、不公开为例外。" * 20
    html = page(f'<table class="layout">\n<tr><td>\n<h1>标题</h1>\n<p>{long_text}</p>\n'
                f'<table>\n<tr><td>甲</td><td>1</td></tr>\n</table>\n'
                f'<table>\n<tr><td>乙</td><td>2</td></tr>\n</table>\n</td></tr>\n</table>')
    src = read_str(html)
    assert [(l.number, l.text, l.location) for l in src.lines] == [
        (5, "标题", None), (6, long_text, None),
        (8, "甲 | 1", {"table": 1, "row": 1}), (11, "乙 | 2", {"table": 2, "row": 1})]


# ----------------------------------------------------------------------------- (c) encodings


def test_utf8_bom_without_meta():
    html = "<html><body>\n<h1>某县2023年政府信息公开工作年度报告</h1>\n<p>正文。</p>\n</body></html>"
    src = read("x.html", codecs.BOM_UTF8 + html.encode("utf-8"))
    assert src.encoding == "utf-8-sig"
    assert [(l.number, l.text) for l in src.lines] == [(2, "某县2023年政府信息公开工作年度报告"), (3, "正文。")]


def test_http_equiv_content_type():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head>\n'
            "<body><p>政府信息公开</p></body></html>")
    src = read("x.html", html.encode("gbk"))
    assert src.encoding == "gb18030" and [l.text for l in src.lines] == ["政府信息公开"]


def test_no_meta_gbk_is_detected():
    html = "<html><body>\n" + "<p>本机关依法做好政府信息公开工作，全年主动公开政府信息126条。</p>\n" * 5 + "</body></html>"
    src = read("x.html", html.encode("gbk"))
    assert src.encoding == "gb18030" and src.lines[0].text.startswith("本机关依法")


def test_utf8_page_keeping_an_old_gb2312_meta():
    html = '<html><head><meta charset="gb2312"></head><body><p>政府信息公开工作年度报告</p></body></html>'
    src = read("x.html", html.encode("utf-8"))
    assert [l.text for l in src.lines] == ["政府信息公开工作年度报告"]


def test_xml_declaration_is_accepted():
    html = '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>\n<p>正文</p></body></html>'
    assert [(l.number, l.text) for l in read_str(html).lines] == [(3, "正文")]


def test_undecodable_page_is_an_input_error():
    with pytest.raises(InputError) as exc:
        read("x.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    assert "无法识别网页编码" in str(exc.value) and "x.html" in str(exc.value)


def test_empty_page():
    assert read("x.html", b"").lines == []
    assert read("x.html", b"   \n").lines == []
    assert read("x.html", b"<html><body></body></html>").lines == []


# ----------------------------------------------------------------------------- (d) odd pages


def test_minified_page_reads_as_the_page_with_newlines():
    body = GBK_PAGE.replace('<meta charset="gb2312">', '<meta charset="utf-8">')
    minified = "".join(line.strip() for line in body.split("\n"))
    src = read("x.html", minified.encode("utf-8"))
    assert_well_formed(src)
    plain = read("x.html", body.encode("utf-8"))
    # the same lines (blocks, table rows; a newline inside a paragraph is a space), all shown on
    # the file's one line, one after another
    assert ["".join(l.text.split()) for l in src.lines] == ["".join(l.text.split()) for l in plain.lines]
    assert {l.shown for l in src.lines} == {1}
    joined = " ".join(l.text for l in src.lines)
    assert [l.offset for l in src.lines] == [joined.index(l.text, l.offset) for l in src.lines]
    assert src.lines[0].text == "某县交通运输局2023年政府信息公开工作年度报告"
    assert "（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4" in [l.text for l in src.lines]
    assert not [l for l in src.lines if "打印" in l.text or "首页" in l.text]


def test_minified_page_gives_the_findings_of_the_page_with_newlines():
    from govlint.linter import Linter

    body = GBK_PAGE.replace('<meta charset="gb2312">', '<meta charset="utf-8">')
    minified = "".join(line.strip() for line in body.split("\n"))
    linter = Linter()
    plain, mini = (linter.lint_bytes(page.encode("utf-8"), "x.html") for page in (body, minified))
    assert sorted((d.rule, d.message) for d in mini.diagnostics) == sorted((d.rule, d.message) for d in plain.diagnostics)
    assert {"missing-contact", "missing-section"} <= {d.rule for d in plain.diagnostics}
    assert {d.line for d in mini.diagnostics} == {1}


def test_broken_and_deep_html_does_not_crash():
    broken = "<html><body><p>一<table><tr><td>1<td>2<tr><td colspan=x rowspan=-3>3</table><p>二</div></span>"
    src = read_str(broken)
    assert src.lines
    deep = "<div>" * 1500 + "深处" + "</div>" * 1500  # libxml2 keeps up to 2048 levels
    assert [l.text for l in read_str(deep).lines] == ["深处"]
    cell = "<table><tr><td>" + "<span>" * 1500 + "深" + "</span>" * 1500 + "</td><td>1</td></tr></table>"
    assert [l.text for l in read_str(cell).lines] == ["深 | 1"]


def test_long_page_keeps_counting_lines():
    """libxml2 stops counting at line 65535; the reader goes on from the text's own newlines."""
    html = "<html><body>\n" + "<p>段落</p>\n" * 70000 + "<p>最后一段</p>\n</body></html>"
    src = read_str(html)
    assert len(src.lines) == 70001
    assert src.lines[-1].number == 70002 and src.lines[-1].text == "最后一段"


# ----------------------------------------------------------------------------- (b) end to end

T1 = [
    ("第二十条第（一）项", None),
    ("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"]),
    ("规章", ["0", "0", "0"]),
    ("行政规范性文件", ["2", "1", "9"]),
    ("第二十条第（五）项", None),
    ("信息内容", ["本年处理决定数量"]),
    ("行政许可", ["356"]),
    ("第二十条第（六）项", None),
    ("信息内容", ["本年处理决定数量"]),
    ("行政处罚", ["41"]),
    ("行政强制", ["0"]),
    ("第二十条第（八）项", None),
    ("信息内容", ["本年收费金额（单位：万元）"]),
    ("行政事业性收费", ["0"]),
]

ZERO = ["0"] * 7
T2 = [
    ("一、本年新收政府信息公开申请数量", ["3", "1", "0", "0", "0", "0", "4"]),
    ("二、上年结转政府信息公开申请数量", ZERO),
    ("三、本年度办理结果", None),
    ("（一）予以公开", ["2", "1", "0", "0", "0", "0", "3"]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ZERO),
    ("（三）不予公开", None),
    ("1.属于国家秘密", ZERO),
    ("2.其他法律行政法规禁止公开", ZERO),
    ("3.危及“三安全一稳定”", ZERO),
    ("4.保护第三方合法权益", ZERO),
    ("5.属于三类内部事务信息", ZERO),
    ("6.属于四类过程性信息", ZERO),
    ("7.属于行政执法案卷", ZERO),
    ("8.属于行政查询事项", ZERO),
    ("（四）无法提供", None),
    ("1.本机关不掌握相关政府信息", ["1", "0", "0", "0", "0", "0", "1"]),
    ("2.没有现成信息需要另行制作", ZERO),
    ("3.补正后申请内容仍不明确", ZERO),
    ("（五）不予处理", None),
    ("1.信访举报投诉类申请", ZERO),
    ("2.重复申请", ZERO),
    ("3.要求提供公开出版物", ZERO),
    ("4.无正当理由大量反复申请", ZERO),
    ("5.要求行政机关确认或重新出具已获取信息", ZERO),
    ("（六）其他处理", None),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ZERO),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ZERO),
    ("3.其他", ZERO),
    ("（七）总计", ["3", "1", "0", "0", "0", "0", "4"]),
    ("四、结转下年度继续办理", ZERO),
]


def _table1() -> str:
    rows = []
    for label, values in T1:
        if values is None:
            rows.append(f'<tr><td colspan="4">{label}</td></tr>')
        elif len(values) == 3:
            rows.append("<tr>" + "".join(f"<td>{v}</td>" for v in [label, *values]) + "</tr>")
        else:
            rows.append(f'<tr><td>{label}</td><td colspan="3">{values[0]}</td></tr>')
    return '<table border="1" cellspacing="0">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def _table2() -> str:
    rows = [TABLE2_HEAD]
    for label, values in T2:
        if values is None:
            rows.append(f'<tr><td colspan="8">{label}</td></tr>')
        else:
            rows.append("<tr>" + "".join(f"<td>{v}</td>" for v in [label, *values]) + "</tr>")
    return '<table border="1" cellspacing="0">\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


TABLE3 = """\
<table border="1" cellspacing="0">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr>""" + "".join("<td>0</td>" for _ in range(15)) + """</tr>
</table>"""


def report_page() -> str:
    return f"""\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>青禾县交通运输局2023年政府信息公开工作年度报告</title>
</head>
<body>
<div class="header"><a href="/">青禾县人民政府</a></div>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
<div class="main">
<h1 class="title">青禾县交通运输局2023年政府信息公开工作年度报告</h1>
<div class="toolbar">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印</a></div>
<div class="content">
<p>本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。如对本报告有疑问，请与青禾县交通运输局办公室联系（地址：青禾县迎宾路18号；电话：0739-5210088；电子邮箱：qhjtj@163.com）。</p>
<h2>一、总体情况</h2>
<p>2023年，我局坚持以公开为常态、不公开为例外，主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作有序推进。全年在县政府门户网站主动公开政府信息126条。</p>
<h2>二、主动公开政府信息情况</h2>
{_table1()}
<h2>三、收到和处理政府信息公开申请情况</h2>
{_table2()}
<h2>四、政府信息公开行政复议、行政诉讼情况</h2>
{TABLE3}
<h2>五、存在的主要问题及改进情况</h2>
<p>政策解读形式还比较单一。下一步，我局将丰富图解、视频等解读形式，提高解读的针对性。</p>
<h2>六、其他需要报告的事项</h2>
<p>本年度未收取信息处理费。</p>
<p style="text-align: right;">青禾县交通运输局</p>
<p style="text-align: right;">2024年1月22日</p>
</div>
</div>
<div class="footer">版权所有：青禾县人民政府办公室</div>
</body>
</html>
"""


def test_end_to_end_clean_report():
    from govlint.linter import Linter

    html = report_page()
    r = Linter().lint_bytes(html.encode("utf-8"), "report.html")
    assert r.error is None
    assert r.format == "html"
    assert r.diagnostics == []


def test_end_to_end_sum_mismatch_points_at_the_tr():
    from govlint.linter import Linter

    html = report_page()
    total = "<tr><td>（七）总计</td><td>3</td><td>1</td>"
    assert html.count(total) == 1
    html = html.replace(total, "<tr><td>（七）总计</td><td>5</td><td>1</td>")
    r = Linter().lint_bytes(html.encode("utf-8"), "report.html")
    assert r.error is None
    mismatches = [d for d in r.diagnostics if d.rule == "table-sum-mismatch"]
    assert mismatches, [(d.rule, d.line) for d in r.diagnostics]
    assert line_of(html, "（七）总计") in {d.line for d in mismatches}


def test_end_to_end_through_the_cli(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(report_page().encode("gbk").replace(b"charset=utf-8", b"charset=gbk"))
    proc = run_cli("check", str(path))
    assert proc.returncode == 0, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def _table2_national_layout() -> str:
    """Table 2 as the national format prints it: three label columns, 三、本年度办理结果 and the
    groups （三）…（六） merged down over their rows, （一）（二）（七） across two columns."""
    rows = [TABLE2_HEAD.replace('<th rowspan="3">', '<th rowspan="3" colspan="3">', 1)]

    def tds(values):
        return "".join(f"<td>{v}</td>" for v in values)

    results = []  # the rows under 三、本年度办理结果, without its own cell
    k = 0
    while k < len(T2):
        label, values = T2[k]
        if label == "三、本年度办理结果":
            k += 1
            continue
        if label.startswith(("一、", "二、", "四、")):
            rows.append(f'<tr><td colspan="3">{label}</td>{tds(values)}</tr>')
        elif values is None:  # a group: its items follow
            items = []
            while k + 1 < len(T2) and re.match(r"\d\.", T2[k + 1][0]):
                k += 1
                items.append(T2[k])
            for n, (item, item_values) in enumerate(items):
                group = f'<td rowspan="{len(items)}">{label}</td>' if n == 0 else ""
                results.append(f"{group}<td>{item}</td>{tds(item_values)}")
        else:
            results.append(f'<td colspan="2">{label}</td>{tds(values)}')
        if k + 1 < len(T2) and T2[k + 1][0].startswith("四、"):  # the results end: place them
            results[0] = f'<td rowspan="{len(results)}">三、本年度办理结果</td>' + results[0]
            rows.extend(f"<tr>{r}</tr>" for r in results)
        k += 1
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def test_end_to_end_national_layout_of_table_2():
    from govlint.linter import Linter

    html = report_page().replace(_table2(), _table2_national_layout())
    src = read("report.html", html.encode("utf-8"))
    rows = [l for l in src.lines if l.location and l.location["table"] == 2]
    assert len(rows) == 3 + len([r for r in T2 if r[1] is not None])
    assert {len(cells(l.text)) for l in rows} == {10}
    assert cells(by_text(src, "2.重复申请").text)[:3] == ["", "", "2.重复申请"]
    assert Linter().lint_bytes(html.encode("utf-8"), "report.html").diagnostics == []

    total = '<td colspan="2">（七）总计</td><td>3</td>'
    assert html.count(total) == 1
    html = html.replace(total, '<td colspan="2">（七）总计</td><td>5</td>')
    r = Linter().lint_bytes(html.encode("utf-8"), "report.html")
    lines = {d.line for d in r.diagnostics if d.rule == "table-sum-mismatch"}
    assert line_of(html, "（七）总计") in lines
