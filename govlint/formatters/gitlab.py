"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality:``), so
that findings show in the merge request's Code Quality widget and, for text files, in its diff.

A JSON array, one object a finding, with the fields GitLab documents for the report (a subset
of the Code Climate issue; GitLab ignores the rest)::

    {"description": "未填写的占位内容“20××年”……", "check_name": "unfilled-placeholder",
     "fingerprint": "3f1c…", "severity": "major",
     "location": {"path": "年报/报告.txt", "lines": {"begin": 4, "end": 4}}}

- ``check_name`` is the rule's id; the description is the message, led by the place in words in
  a Word, WPS, RTF, ODF or PDF document (“表2 第30行第8列：……”).
- ``severity``: error → ``major``, warning → ``minor``, info → ``info`` (GitLab's scale is info,
  minor, major, critical, blocker; a finding in a draft report blocks nothing by itself, so
  ``critical`` and ``blocker`` are not used).
- ``location.path`` is relative to the working directory (run govlint from the repository's
  top, as a CI job does), with forward slashes and no leading ``./``. ``lines.begin`` is the
  finding's line; a document has no lines GitLab could show (govlint's numbers count paragraphs
  and table rows there), so it is 1, the file, and the place is in the description.
- ``fingerprint``: the SHA-256 (hex) of the path, the rule, the line and column and the message,
  stable from run to run while the finding stays; should two findings have all of these equal,
  the second has ``#2`` added to what is hashed (a third ``#3``…), so every fingerprint in a
  report is unique (GitLab shows one issue a fingerprint).

A file that could not be read is an issue of check ``unreadable-file`` (``major``) on line 1.
"""

from __future__ import annotations

import hashlib

from govlint.diagnostics import Severity
from govlint.formatters import RunInfo, ci_path, placed_message, register, worded, write_json_list

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _fingerprint(seen: set[str], *parts) -> str:
    key = "\0".join(str(p) for p in parts)
    fp, n = hashlib.sha256(key.encode("utf-8")).hexdigest(), 1
    while fp in seen:
        n += 1
        fp = hashlib.sha256(f"{key}\0#{n}".encode("utf-8")).hexdigest()
    seen.add(fp)
    return fp


def _issue(description: str, check: str, fingerprint: str, severity: str, path: str, begin: int, end: int) -> dict:
    return {"description": description, "check_name": check, "fingerprint": fingerprint, "severity": severity,
            "location": {"path": path, "lines": {"begin": begin, "end": end}}}


@register("gitlab")
def format_gitlab(run: RunInfo, out) -> None:
    seen: set[str] = set()
    write_json_list(out, _issues(run, seen), level=0)
    out.write("\n")


def _issues(run: RunInfo, seen: set[str]):
    for r in run.results:
        path = ci_path(r.shown)
        if r.error:
            yield _issue(r.error, "unreadable-file", _fingerprint(seen, path, "unreadable-file", r.error),
                         SEVERITY[Severity.ERROR], path, 1, 1)
        lines = not worded(r)
        for d in r.diagnostics:
            loc = d.location
            begin = max(1, loc.line) if lines else 1
            end = max(begin, loc.end_line or loc.line) if lines else 1
            fp = _fingerprint(seen, path, d.rule, loc.line, loc.column, d.message)
            yield _issue(placed_message(r, d, run.lang), d.rule, fp, SEVERITY[d.severity], path, begin, end)
