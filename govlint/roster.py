"""Who has not reported: the agencies an office oversees (a roster) against the reports of a run.

A roster is a text file with one agency a line, or a CSV whose column named 机关/单位/名称/agency
(else its first column) holds them; blank lines and lines starting with ``#`` are skipped. An
agency on the roster is taken as reported when a report names it: the same name, or one name is
the other with its place in front ("淮安市洪泽区农业农村局" for "洪泽区农业农村局"). The check gives
the agencies with no report and the reports whose agency is not on the roster (or could not be
told).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from govlint.encoding import decode
from govlint.errors import GovlintError, Text
from govlint.normalize import same_agency

_NAME_COLUMNS = ("机关", "机关名称", "单位", "单位名称", "名称", "部门", "agency", "name")


class RosterError(GovlintError):
    def __init__(self, path: str, message: str):
        self.reason = message
        super().__init__(f"{path}: {message}")


@dataclass
class RosterCheck:
    """``missing``: roster names without a report; ``strangers``: (file, agency or None) of
    reports whose agency is not on the roster."""

    path: str
    names: list[str]
    missing: list[str] = field(default_factory=list)
    strangers: list[tuple[str, str | None]] = field(default_factory=list)

    def match(self, reports: list[tuple[str, str | None]]) -> None:
        """Find, among the (file, agency) of the run's reports, the agencies without a report and
        the reports of agencies not on the roster."""
        self.missing = [name for name in self.names
                        if not any(agency and same_agency(name, agency) for _, agency in reports)]
        self.strangers = [(file, agency) for file, agency in reports
                          if not agency or not any(same_agency(name, agency) for name in self.names)]

    def to_dict(self) -> dict:
        return {"roster": self.path, "agencies": len(self.names), "missing": self.missing,
                "not_on_roster": [{"path": p, "agency": a} for p, a in self.strangers]}


def read_roster(path: str) -> list[str]:
    """The agency names of a roster file, in its order, each once."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise RosterError(path, Text(f"无法读取名单：{exc.strerror or exc}", f"cannot read the roster: {exc.strerror or exc}")) from None
    text, _ = decode(data, path, None)
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    column = 0
    if rows and len(rows[0]) > 1:
        header = [c.strip().lstrip("\ufeff") for c in rows[0]]
        named = [i for i, c in enumerate(header) if c in _NAME_COLUMNS]
        if named:
            column, rows = named[0], rows[1:]
    names: list[str] = []
    for r in rows:
        name = r[column].strip() if column < len(r) else ""
        if name and not name.startswith("#") and name not in names:
            names.append(name)
    if not names:
        raise RosterError(path, Text("名单中没有机关名称（每行一个，或 CSV 的“机关”列）",
                                    "no agency names in the roster (one a line, or a CSV column “机关”)"))
    return names
