"""Plain text and Markdown."""

from __future__ import annotations

import re

from govlint import rx
from govlint.readers import Source, SourceLine, split_lines, text_reader


_HASH_HEADING = rx.compile(r"^(\s{0,3})(#{1,6}\s+)(?=\S)")


@text_reader(("txt", "text"), "txt")
def read_txt(path: str, text: str, encoding: str) -> Source:
    """Plain text; a .txt that is Markdown in all but name (a converter's or an OCR tool's output:
    "# 某县2025年…年度报告", "## 一、总体情况") has its heading hashes blanked, as a .md's are."""
    src = Source(path=path, format="txt", encoding=encoding)
    lines = split_lines(text)
    hashed = sum(1 for line in lines[:2000] if line[:1] in "# " and _HASH_HEADING.match(line))
    for i, line in enumerate(lines, start=1):
        content = line
        if hashed >= 2 and line[:1] in "# ":
            content = _HASH_HEADING.sub(lambda m: m.group(1) + " " * len(m.group(2)), line)
        src.lines.append(SourceLine(i, line, content))
    return src


# Markdown markup that is not part of the words: heading hashes, quote markers, list bullets,
# emphasis around a whole line, HTML comments. Replaced by spaces to keep columns.
_MD_PREFIX = rx.compile(r"^(\s{0,3})(#{1,6}\s+|>\s?|[-*+]\s+)")
_MD_TRAILING_HASHES = rx.compile(r"\s+#+\s*$")
_MD_EMPHASIS = rx.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_COMMENT = rx.compile(r"<!--.*?-->")
_FENCE = rx.compile(r"^\s{0,3}(```|~~~)")


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def md_content(line: str) -> str:
    content = _MD_COMMENT.sub(_blank, line)
    content = _MD_PREFIX.sub(lambda m: m.group(1) + " " * len(m.group(2)), content)
    content = _MD_TRAILING_HASHES.sub(_blank, content)
    content = _MD_EMPHASIS.sub(lambda m: "  " + m.group(2) + "  ", content)
    return content


@text_reader(("md", "markdown"), "md")
def read_md(path: str, text: str, encoding: str) -> Source:
    src = Source(path=path, format="md", encoding=encoding)
    in_fence = False
    for i, line in enumerate(split_lines(text), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            src.lines.append(SourceLine(i, line, " " * len(line)))
            continue
        content = line if in_fence else md_content(line)
        src.lines.append(SourceLine(i, line, content))
    return src
