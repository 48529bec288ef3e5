"""``govlint serve``: uvicorn on a free loopback port (or the one asked for), the address printed,
the browser opened. Another host than loopback only when asked for explicitly, with a warning:
anyone who reaches the port can then upload files to be linted."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser

import click
import uvicorn

from govlint.serve.app import create_app

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free one, chosen by the system)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio turns Nagle's algorithm off only on sockets that say they are TCP;
    # with protocol 0 every response's body waited for the client's delayed ACK (40 ms a request
    # on a kept-alive connection, as a browser's)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(host: str, port: int, open_browser: bool, workers: int | None, lang: str) -> None:
    """Serve until Ctrl-C (OSError when the address cannot be bound: the caller says so)."""
    zh = lang == "zh"
    sock = bind(host, port)
    port = sock.getsockname()[1]
    url = url_of(host, port)
    allowed = None
    if is_loopback(host):  # a page elsewhere cannot reach this server through a name it controls
        allowed = ["127.0.0.1", "localhost", "[::1]", "::1"]
    app = create_app(workers=workers, allowed_hosts=allowed)
    # no access log: a request line names no file, but nothing of the user's work is written anywhere
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", server_header=False,
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if not server.started:
            return
        click.echo(f"govlint 网页已启动：{url}（按 Ctrl-C 停止）" if zh
                   else f"govlint is serving the page at {url} (Ctrl-C to stop)")
        if open_browser:
            try:
                webbrowser.open(url)
            except Exception:  # no browser here: the address printed is enough
                pass

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
