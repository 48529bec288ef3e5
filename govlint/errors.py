"""Errors that end a file's lint (exit code 2) with a one-line Chinese message (and an English
one for --lang en)."""

from __future__ import annotations


class Text(str):
    """A user-facing sentence: the Chinese (the string itself) and its English."""

    en: str

    def __new__(cls, zh: str, en: str | None = None) -> "Text":
        obj = super().__new__(cls, zh)
        obj.en = en if en is not None else zh
        return obj

    def __reduce__(self):  # pickles as itself, with its English
        return (Text, (str(self), self.en))


def say(text: str, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Text`'s English for "en", else the string as it is."""
    return text.en if lang == "en" and isinstance(text, Text) else str(text)


class GovlintError(Exception):
    """Base: ``str(exc)`` is the one line shown to the user; ``exc.said(lang)`` that line in ``lang``."""

    def said(self, lang: str) -> str:
        """The line in ``lang``: in English, the English of the :class:`Text` it says (its
        ``reason``, or the message itself), after the file it names."""
        line = str(self)
        reason = getattr(self, "reason", self.args[0] if self.args else "")
        if lang != "en" or not isinstance(reason, Text) or not line.endswith(reason):
            return line
        return line[:len(line) - len(reason)] + reason.en


class InputError(GovlintError):
    """A file that cannot be read as a report."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class PackError(GovlintError):
    """A rule pack that is missing or malformed; names the pack file and line."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class Interrupted(BaseException):
    """SIGINT or SIGTERM during a run (govlint.interrupts raises it): not an ``Exception``, so no
    handler meant for one file's failure swallows it; temporary files are removed on the way out
    and the command line ends with ``code`` (128 + the signal's number: 130, 143)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.code = 128 + signum
