"""``--format github``: GitHub Actions workflow commands, one a finding, so that each shows as an
annotation on the file in a pull request::

    ::error file=报告.txt,line=4,col=1,endLine=4,endColumn=6,title=GL501 unfilled-placeholder::未填写的占位内容…

error → ``::error``, warning → ``::warning``, info → ``::notice``. Values are escaped as GitHub
documents it: in the message ``%`` ``\\r`` ``\\n``; in the properties also ``:`` and ``,``.
"""

from __future__ import annotations

from pathlib import PurePath

from govlint.diagnostics import Severity
from govlint.formatters import RunInfo, register

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _path(path: str) -> str:
    return path if path == "-" else PurePath(path).as_posix()


def annotation(command: str, message: str, **props) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{command} {fields}::{escape_data(message)}" if fields else f"::{command}::{escape_data(message)}"


@register("github")
def format_github(run: RunInfo, out) -> None:
    for r in run.results:
        path = _path(r.path)
        if r.error:
            out.write(annotation("error", r.error, file=path) + "\n")
        for d in r.diagnostics:
            loc = d.location
            out.write(annotation(
                COMMAND[d.severity], d.message,
                file=path, line=loc.line, col=loc.column, endLine=loc.end_line or loc.line,
                endColumn=loc.end_column, title=f"{d.code} {d.rule}",
            ) + "\n")
