"""``--format jsonl``: one JSON object a line, one line per finding (log pipelines, ``jq -c``).

Each line is ``{"path": …}`` plus the finding as ``--format json`` writes it (with
``"location"`` where there is a paragraph, table cell or page); a file that could not be read
is one ``{"path": …, "error": …}`` line. No summary line: count the lines.
"""

from __future__ import annotations

import json as _json

from govlint.formatters import RunInfo, diagnostic_dict, register


@register("jsonl")
def format_jsonl(run: RunInfo, out) -> None:
    for r in run.results:
        if r.error:
            out.write(_json.dumps({"path": r.shown, "error": r.error}, ensure_ascii=False))
            out.write("\n")
        for d in r.diagnostics:
            out.write(_json.dumps({"path": r.shown, **diagnostic_dict(r, d)}, ensure_ascii=False))
            out.write("\n")
