"""The web application of ``govlint serve`` (Starlette): the page, and its API.

- ``GET /``: the page (``static/``: plain HTML, CSS and a little JavaScript; nothing from the
  network, so it works offline).
- ``GET /api/meta``: the packs and agency kinds to choose from, the limits, whether .doc/.wps
  copies can be annotated (LibreOffice installed).
- ``POST /api/lint``: multipart files (any format govlint reads, or .zip archives) and the fields
  ``pack``, ``agency_kind``, ``lang``. Per file: ``result`` (the JSON ``govlint check -f json``
  gives that file), ``lines`` (the report's text, numbered as the findings), ``annotate``
  (whether an annotated copy can be had); the batch's ``summary`` (as the CLI's JSON) and an
  ``export`` token for its CSV/XLSX.
- ``GET /api/export/{token}.csv|.xlsx``: the batch as ``govlint check -f csv|xlsx`` writes it.
- ``POST /api/annotate``: one file again (or a zip and the ``entry`` to take from it): the
  annotated .docx (``govlint check --annotate``'s copy).
- ``GET /api/explain/{rule}``: ``govlint explain``'s text.

Uploads are kept in memory only (:mod:`govlint.serve.uploads`) and linted in a bounded pool of
worker processes; nothing of them is logged. Only the batch results (findings and the lines they
quote, no file) are kept for the export, the last :data:`EXPORTS_KEPT` batches for an hour.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import secrets
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from govlint import interrupts
from govlint.errors import Text, say
from govlint.formatters import RunInfo, get
from govlint.formatters.json import file_dict
from govlint.packs.loader import available_packs, packs_dir
from govlint.readers import supported_extensions
from govlint.serve import work
from govlint.serve.uploads import Refused, ServeLimits, expand, find_member, read_form

STATIC = Path(__file__).parent / "static"
EXPORTS_KEPT = 32  # batches whose results the export can still give
EXPORT_SECONDS = 3600
QUEUE_PER_WORKER = 2  # files handed to the pool at once, per worker: the bytes waiting are bounded


def default_workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, 4))


class Pool:
    """The worker processes, and at most ``workers × QUEUE_PER_WORKER`` files handed to them at
    once (a request waits for its turn, its files' bytes not yet copied). A worker that dies
    (killed, out of memory) breaks a ProcessPoolExecutor: the pool is made again, and the file
    it was linting gets an error, the server goes on."""

    def __init__(self, workers: int):
        self.workers = workers
        self.slots = asyncio.Semaphore(workers * QUEUE_PER_WORKER)
        self.executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        # forkserver/spawn: never fork the server's threads (the event loop's, uvicorn's)
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        with interrupts.held():  # a worker starts with SIGINT/SIGTERM held until it has its handlers
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=work.start_worker)
            for _ in range(self.workers):  # started now, warm before the first request
                self.executor.submit(int)

    def stop(self) -> None:
        if self.executor is not None:
            interrupts.stop(self.executor)
            self.executor = None

    async def run(self, fn, *args):
        async with self.slots:
            executor = self.executor
            try:
                return await asyncio.wrap_future(executor.submit(fn, *args))
            except BrokenProcessPool:
                if self.executor is executor:  # the first to see it makes the pool again
                    interrupts.stop(executor)
                    self.start()
                raise


class Exports:
    """The last batches' results (no file bytes), for their CSV/XLSX, by an unguessable token."""

    def __init__(self):
        self._kept: OrderedDict[str, tuple[float, str, list]] = OrderedDict()

    def add(self, results: list, lang: str) -> str:
        token = secrets.token_urlsafe(16)
        self._kept[token] = (time.monotonic(), lang, results)
        while len(self._kept) > EXPORTS_KEPT:
            self._kept.popitem(last=False)
        return token

    def get(self, token: str) -> tuple[str, list] | None:
        now = time.monotonic()
        for t in [t for t, (at, _, _) in self._kept.items() if now - at > EXPORT_SECONDS]:
            del self._kept[t]
        kept = self._kept.get(token)
        return (kept[1], kept[2]) if kept is not None else None


def _lang(value: str | None) -> str:
    return value if value in work.LANGS else "zh"


def _error(status: int, reason: str, lang: str) -> JSONResponse:
    return JSONResponse({"error": say(reason, lang)}, status_code=status)


def _choice(fields: dict[str, str], lang: str) -> tuple[str | None, str | None, dict]:
    """The pack (a built-in pack's file: a name only, never a path from the request) and agency
    kind asked for; Refused (400) for anything else."""
    pack = fields.get("pack") or None
    kind = fields.get("agency_kind") or None
    if pack is not None and pack not in available_packs():
        raise Refused(400, Text(f"没有名为“{pack}”的内置规则包", f"no built-in rule pack “{pack}”"))
    if kind is not None and kind not in work.AGENCY_KINDS:
        raise Refused(400, Text(f"机关类型应为 government 或 department，而不是“{kind}”",
                                f"the agency kind is government or department, not “{kind}”"))
    shown = {"pack": pack, "agency_kind": kind, "lang": lang}
    return (str(packs_dir() / f"{pack}.yaml") if pack else None), kind, shown


def create_app(workers: int | None = None, limits: ServeLimits | None = None,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The application. ``allowed_hosts``: the Host headers it answers (the loopback names when
    serving on loopback, against DNS rebinding); None: any."""
    limits = limits or ServeLimits()
    pool = Pool(workers or default_workers())
    exports = Exports()
    extensions = set(supported_extensions())
    meta_cache: dict[str, dict] = {}

    @asynccontextmanager
    async def lifespan(app):
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def meta(request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        if lang not in meta_cache:
            meta_cache[lang] = {
                "packs": work.packs_info(lang), "agency_kinds": list(work.AGENCY_KINDS),
                "extensions": sorted(extensions), "limits": limits.to_dict(),
                "annotate_converted": work.soffice_installed(), "workers": pool.workers}
        return JSONResponse(meta_cache[lang])

    async def form_of(request: Request):
        return await read_form(request.headers.get("content-type"), request.headers.get("content-length"),
                               request.stream(), limits)

    async def lint(request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        try:
            form = await form_of(request)
            lang = _lang(form.fields.get("lang") or lang)
            pack, kind, shown = _choice(form.fields, lang)
            if not form.files:
                raise Refused(400, Text("没有收到文件", "no file was uploaded"))
            entries, skipped = expand(form.files, extensions, limits)
            form.files = []  # the zips stay open through their entries; nothing else is kept
            done = await asyncio.gather(*(_lint_entry(e, pack, kind, lang) for e in entries))
        except Refused as exc:
            return _error(exc.status, exc.reason, lang)
        files, results = [], []
        for entry, (payload, result) in zip(entries, done):
            payload["source"] = {"upload": entry.upload, "entry": entry.member}
            files.append(payload)
            results.append(result)
        run = RunInfo(results, lang=lang)
        return JSONResponse({"files": files, "summary": run.totals.counts(), "options": shown,
                             "skipped": [{"name": s["name"], "why": say(s["why"], lang)} for s in skipped],
                             "export": exports.add(results, lang)})

    async def _lint_entry(entry, pack, kind, lang):
        data = await asyncio.to_thread(entry.read, limits)  # a zip's entry inflated (Refused when over the limit)
        try:
            return await pool.run(work.lint_file, entry.label, data, pack, kind, lang)
        except BrokenProcessPool as exc:
            result = work.internal_error(entry.label, exc, lang)
            return {"name": entry.label, "result": file_dict(result), "lines": [], "truncated": False,
                    "annotate": False}, result

    async def annotate(request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        try:
            form = await form_of(request)
            lang = _lang(form.fields.get("lang") or lang)
            pack, kind, _ = _choice(form.fields, lang)
            if len(form.files) != 1:
                raise Refused(400, Text("请只上传一个文件", "upload one file"))
            member = form.fields.get("entry")
            entry = find_member(form.files[0], member, limits) if member else None
            name = entry.label if entry else form.files[0].name
            data = await asyncio.to_thread(entry.read, limits) if entry else form.files[0].data
            copy, target, added, why = await pool.run(work.annotate_file, name, data, pack, kind, lang)
        except Refused as exc:
            return _error(exc.status, exc.reason, lang)
        except BrokenProcessPool:
            return _error(500, Text("检查进程意外退出，请重试", "a worker process died; please retry"), lang)
        if why is not None:
            return _error(422, why, lang)
        return Response(copy, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(target)}",
                                 "X-Govlint-Comments": str(added)})

    async def export(request: Request) -> Response:
        token, fmt = request.path_params["token"], request.path_params["fmt"]
        kept = exports.get(token)
        lang = _lang(request.query_params.get("lang"))
        if kept is None or fmt not in ("csv", "xlsx"):
            return _error(404, Text("结果已过期，请重新检查后再导出", "these results have expired; lint again to export"), lang)
        lang, results = kept
        detail = request.query_params.get("detail") == "1"
        name = "govlint-汇总" if lang == "zh" else "govlint-summary"
        if fmt == "csv":
            out = io.StringIO()
            get("csv")(RunInfo(results, lang=lang, detail=detail), out)
            body, media = out.getvalue().encode("utf-8"), "text/csv; charset=utf-8"
        else:
            buffer = io.BytesIO()
            get("xlsx")(RunInfo(results, lang=lang), buffer)
            body, media = buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"})

    async def explain(request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        rule = request.path_params["rule"]
        try:
            pack, _, _ = _choice({"pack": request.query_params.get("pack", "")}, lang)
        except Refused as exc:
            return _error(exc.status, exc.reason, lang)
        text = work.explain_text(rule, pack, lang)
        if text is None:
            return _error(404, Text(f"没有名为“{rule}”的规则", f"no rule named “{rule}”"), lang)
        return JSONResponse({"rule": rule, "text": text})

    middleware = [Middleware(_Headers)]
    if allowed_hosts:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    routes = [
        Route("/", index),
        Route("/api/meta", meta),
        Route("/api/lint", lint, methods=["POST"]),
        Route("/api/annotate", annotate, methods=["POST"]),
        Route("/api/export/{token}.{fmt}", export),
        Route("/api/explain/{rule}", explain),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.limits = limits
    return app


class _Headers:
    """Every response: no script or style from elsewhere, no referrer, no sniffing; a POST from
    another site's page (its Origin not this server) refused, so a web page the person visits
    cannot make this server lint."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        origin = headers.get("origin")
        if scope["method"] == "POST" and origin and origin.split("://", 1)[-1] != headers.get("host"):
            response = JSONResponse({"error": "拒绝来自其他网站的请求"}, status_code=403)
            return await response(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                                 b"frame-ancestors 'none'; base-uri 'none'"),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
            await send(message)

        return await self.app(scope, receive, send_with_headers)
