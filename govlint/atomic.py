"""Files written whole or not at all: through a temporary file in the target's folder, renamed over
the target once complete (a reader sees the old file or the new one, never a part). On any failure
(a full disk, an exception in the writer, an interrupt) the temporary file is removed and the old
file stays as it was."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from typing import IO, Iterator


@contextmanager
def replacing(target: str | os.PathLike, mode: str = "wb", *, encoding: str | None = None,
              newline: str | None = None, keep_mode: bool = True) -> Iterator[IO]:
    """A file object to write ``target`` through. ``keep_mode``: the permission bits of the file it
    replaces (of a new file: those the umask gives; mkstemp's are private). A target that exists
    and is no regular file (/dev/null, /dev/stdout, a FIFO) is written directly: it cannot be
    replaced. A symlink's target is replaced, not the link."""
    target = os.path.realpath(target)
    try:
        st = os.stat(target)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, mode, encoding=encoding, newline=newline) as fh:
            yield fh
        return
    folder, name = os.path.split(target)
    # named here and created inside the try (not by mkstemp): an interrupt the moment the file
    # exists still finds its name to remove
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with open(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
        if keep_mode:
            os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else _new_file_mode())
        os.replace(tmp, target)
    except BaseException as exc:
        if not (isinstance(exc, FileExistsError) and exc.filename == tmp):  # else the name was another's
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
