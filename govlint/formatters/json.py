"""``--format json``: one JSON document for the whole run."""

from __future__ import annotations

import json as _json

from govlint.formatters import RunInfo, diagnostic_dict, register, write_json_list


def file_dict(r, verbose: bool = False) -> dict:
    first = r.documents[0].to_dict() if r.documents else {}
    out = {
        "path": r.shown,
        "pack": r.pack.id if r.pack else None,
        "report_year": r.report_year,
        "agency": first.get("agency"),
        "agency_kind": first.get("agency_kind"),
        "title": first.get("title"),
        "published": first.get("published"),
        # the statistics tables of every report in the file: checked, partly, not checked, absent
        "tables": [t for d in r.documents if d.is_report for t in d.to_dict()["tables"]],
        "encoding": r.encoding,
        "format": r.format,
        "diagnostics": [diagnostic_dict(r, d) for d in r.diagnostics],
    }
    if r.previous_how:
        out["previous"] = {"path": r.previous, "matched_by": r.previous_how}
    if r.error:
        out["error"] = r.error
    if len(r.documents) > 1 or verbose:
        out["documents"] = [d.to_dict(verbose) for d in r.documents]
    return out


@register("json")
def format_json(run: RunInfo, out) -> None:
    # {"files": [...], "summary": {...}, "roster": {...}}, written file by file
    out.write('{\n  "files": ')
    write_json_list(out, (file_dict(r, run.verbose) for r in run.results))
    tail = {"summary": run.totals.counts()}
    if run.roster is not None:
        tail["roster"] = run.roster.to_dict()
    out.write(",\n" + _json.dumps(tail, ensure_ascii=False, indent=2)[2:])
    out.write("\n")
