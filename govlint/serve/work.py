"""What the server's worker processes do, and what the page shows besides findings.

A worker keeps one :class:`Session` per choice of pack, agency kind and language (no
configuration file, no results cache: an upload has no folder, and nothing of it is written)
and lints with ``session.lint(name, file_bytes=data)``: the result is the one ``govlint check``
gives the same bytes, and a file's JSON is :func:`govlint.formatters.json.file_dict`'s. The
page also gets the report's text lines (numbered as the findings number them) to highlight each
finding at its place.
"""

from __future__ import annotations

import shutil

from govlint import interrupts
from govlint.annotate import CONVERTIBLE, SUFFIX, annotate, to_docx
from govlint.checks import get_rule
from govlint.errors import GovlintError, InputError, Text, say
from govlint.formatters.json import file_dict
from govlint.packs.loader import PackStore, available_packs
from govlint.results import FileResult
from govlint.runner import Options, Session, collect

MAX_TEXT_CHARS = 3_000_000  # of a report's text sent to the page (a report has 20,000–100,000)
AGENCY_KINDS = ("government", "department")
LANGS = ("zh", "en")

_SESSIONS: dict[tuple, Session] = {}  # this process's sessions, by (pack, agency kind, language)


def session(pack: str | None, agency_kind: str | None, lang: str) -> Session:
    key = (pack, agency_kind, lang)
    s = _SESSIONS.get(key)
    if s is None:
        s = _SESSIONS[key] = Session(Options(pack=pack, agency_kind=agency_kind, lang=lang, no_config=True, cache=False))
    return s


WARM_UP = "某某县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n".encode()


def start_worker() -> None:
    """A worker process's first work: signals as a batch's workers have them, and the engine
    imported and its packs loaded, so the first request does not wait for them."""
    interrupts.worker()
    session(None, None, "zh").lint("warm-up.txt", file_bytes=WARM_UP)


def annotatable(fmt: str | None) -> bool:
    """Whether a file of this format gets an annotated copy here: a .docx always; a .doc, .wps,
    .rtf or .odt when LibreOffice can convert it."""
    return fmt == "docx" or (fmt in CONVERTIBLE and soffice_installed())


def soffice_installed() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def lint_file(name: str, data: bytes, pack: str | None, agency_kind: str | None, lang: str) -> tuple[dict, FileResult]:
    """(what the page gets of the file, the result): a worker's piece of work."""
    return interrupts.guarded(_lint_file, name, data, pack, agency_kind, lang)


def _lint_file(name, data, pack, agency_kind, lang) -> tuple[dict, FileResult]:
    s = session(pack, agency_kind, lang)
    source = None
    try:  # the lint govlint check does (Session.lint: no configuration, no last year's report here)
        result, source = s.linter(s.settings_for(name)).lint_read(data, name)
    except Exception as exc:  # a bug must not hide the other files' results (as govlint check)
        result = internal_error(name, exc, lang)
    collect(s, result, len(data))  # what pypdf leaves in reference cycles, collected as a batch does
    lines, truncated = ([], False) if result.error or source is None else text_lines(source)
    return {"name": name, "result": file_dict(result), "lines": lines, "truncated": truncated,
            "annotate": not result.error and annotatable(result.format)}, result


def internal_error(name: str, exc: Exception, lang: str) -> FileResult:
    what = f"{type(exc).__name__}: {exc}"
    return FileResult(path=name, error=f"内部错误（请报告此问题）：{what}" if lang == "zh"
                      else f"internal error (please report it): {what}")


def text_lines(source) -> tuple[list[list], bool]:
    """The report's lines as the findings number them: [[line, text], …] (a line a reader split
    into pieces is joined as the result quotes it), and whether they were cut at MAX_TEXT_CHARS."""
    lines: dict[int, str] = {}
    total = 0
    for l in source.lines:
        shown = l.shown
        text = lines.get(shown)
        lines[shown] = " " * l.offset + l.text if text is None else text + " " * max(0, l.offset - len(text)) + l.text
        total += len(l.text)
        if total > MAX_TEXT_CHARS:
            return [[n, t] for n, t in lines.items()], True
    return [[n, t] for n, t in lines.items()], False


def annotate_file(name: str, data: bytes, pack: str | None, agency_kind: str | None,
                  lang: str) -> tuple[bytes | None, str, int, str | None]:
    """(the annotated .docx, its file name, comments added, None), or (None, "", 0, why) when the
    file is no Word document or cannot be read or converted (as ``govlint check --annotate``
    says it). The reason comes back as a value: an exception does not cross the process boundary
    with its arguments."""
    try:
        return interrupts.guarded(_annotate_file, name, data, pack, agency_kind, lang) + (None,)
    except InputError as exc:
        return None, "", 0, exc.reason


def _annotate_file(name, data, pack, agency_kind, lang) -> tuple[bytes, str, int]:
    s = session(pack, agency_kind, lang)
    result = s.lint(name, file_bytes=data)
    if result.error:
        raise InputError(name, result.error)
    stem = name.rsplit("/", 1)[-1]
    stem = stem[: -len(SUFFIX)] if stem.lower().endswith(SUFFIX) else stem.rsplit(".", 1)[0] if "." in stem else stem
    target = stem + SUFFIX
    if result.format != "docx":
        if result.format not in CONVERTIBLE:
            raise InputError(name, Text("只有 Word 文件（.docx、.doc、.wps、.rtf、.odt）才能生成带批注的副本",
                                        "only Word documents (.docx, .doc, .wps, .rtf, .odt) get an annotated copy"))
        data = to_docx(name, data)
        result = s.linter(s.settings_for(name)).lint_bytes(data, target)  # as govlint check --annotate does
    copy, added, _ = annotate(data, result, lang)
    return copy, target, added


# ----------------------------------------------------------------------------- rules and packs

def packs_info(lang: str = "zh") -> list[dict]:
    """The built-in packs (``govlint packs``): the ones the page offers."""
    store, out = PackStore(), []
    for name in available_packs():
        try:
            p = store.load(name)
        except GovlintError:
            continue
        out.append({"id": p.id, "name": p.name, "years": p.years_label if lang == "zh" else p.years_text(lang),
                    "automatic": p.automatic})
    return out


def explain_text(rule: str, pack_id: str | None, lang: str) -> str | None:
    """``govlint explain RULE [--pack PACK]``'s text (:meth:`Rule.explanation`), or None for no
    such rule. ``pack_id`` must be a built-in pack's name (the caller checks it): no path is loaded."""
    r = get_rule(rule)
    if r is None:
        return None
    return r.explanation(lang, PackStore().load(pack_id) if pack_id else None)


def said(reason: str, lang: str) -> str:
    return say(reason, lang)
