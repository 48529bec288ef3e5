"""``--format github``: GitHub Actions workflow commands, one a finding, so that each shows as an
annotation on the file in a pull request::

    ::error file=报告.txt,line=4,col=1,endLine=4,endColumn=6,title=GL501 unfilled-placeholder::未填写的占位内容…

error → ``::error``, warning → ``::warning``, info → ``::notice``. Values are escaped as GitHub
documents it: in the message ``%`` ``\\r`` ``\\n``; in the properties also ``:`` and ``,``.

``file`` is relative to the working directory where the file lies under it. In a Word, WPS,
RTF, ODF or PDF document govlint's line numbers count paragraphs, table rows or PDF lines, not
lines of the file: such an annotation names the file without ``line`` and ``col`` (GitHub shows
it on the file), and its message begins with the place in words::

    ::error file=报告.docx,title=GL501 unfilled-placeholder::第377段：未填写的占位内容…
"""

from __future__ import annotations

from govlint.diagnostics import Severity
from govlint.formatters import RunInfo, ci_path, columned, placed_message, register, worded

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, message: str, **props) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{command} {fields}::{escape_data(message)}" if fields else f"::{command}::{escape_data(message)}"


@register("github")
def format_github(run: RunInfo, out) -> None:
    for r in run.results:
        path = ci_path(r.shown)
        if r.error:
            out.write(annotation("error", r.error, file=path) + "\n")
        lines = not worded(r)
        columns = lines and columned(r)  # a web page: its line, not a column of its markup
        for d in r.diagnostics:
            loc = d.location
            out.write(annotation(
                COMMAND[d.severity], placed_message(r, d, run.lang),
                file=path, line=loc.line if lines else None, col=loc.column if columns else None,
                endLine=(loc.end_line or loc.line) if lines else None,
                endColumn=loc.end_column if columns else None, title=f"{d.code} {d.rule}",
            ) + "\n")
