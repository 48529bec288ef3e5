"""What a regular expression's parse says about its matches, so that a search can be skipped:
whether a match inside a piece of a text is a match in the whole text, the literal every match
contains, the characters of which every match holds one. Speed only: each is tested against
brute force (tests/test_patterns.py). Memos are keyed by the compiled pattern (its text and
flags), never by an object's identity."""

from __future__ import annotations

import re

from govlint import rx

try:
    from re import _constants as sre_c, _parser as sre_p  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c
    import sre_parse as sre_p


_CONTEXT_SENSITIVE = rx.compile(r"[\^$]|\\[bBAZz\d]|\(\?<?[=!]|\(\?P=|\(\?\(")


def substring_safe(pattern: re.Pattern) -> bool:
    """True when a match of ``pattern`` inside a piece of a text is also a match in the whole
    text (no anchors, word boundaries, lookarounds or back-references), so searching the whole
    text once can rule the pattern out for all its pieces."""
    safe = _SAFE.get(pattern)
    if safe is None:
        outside_classes = _CHAR_CLASS.sub(lambda m: m.group() if m.group()[0] == "\\" else "",
                                          pattern.pattern)  # "[^。；]" anchors nothing
        safe = _SAFE[pattern] = _CONTEXT_SENSITIVE.search(outside_classes) is None
    return safe


_SAFE: dict[re.Pattern, bool] = {}


def required_literal(pattern: re.Pattern) -> str | None:
    """The longest run of plain characters every match of ``pattern`` contains (its top-level
    literals, groups included: "申请" in "(收到|受理)…申请(数量)?…件"), or None. A text without
    it cannot match, and ``in`` tests that far faster than a search (ripgrep's literal trick)."""
    if pattern in _LITERALS:
        return _LITERALS[pattern]
    best: str | None = None
    if not pattern.flags & re.IGNORECASE:
        try:
            items = list(sre_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
        except Exception:  # an internal API: no literal rather than a crash
            items = []
        run: list[str] = []

        def flush():
            nonlocal best, run
            if run and (best is None or len(run) > len(best)):
                best = "".join(run)
            run = []

        def walk(seq):
            for op, av in seq:
                if op is sre_c.LITERAL:
                    run.append(chr(av))
                elif op is sre_c.SUBPATTERN and not (av[1] & re.IGNORECASE):
                    walk(av[3])  # a group: its contents are part of the sequence
                else:
                    flush()

        walk(items)
        flush()
    _LITERALS[pattern] = best
    return best


_LITERALS: dict[re.Pattern, str | None] = {}


def _common(c: str) -> bool:
    return (c.isascii() and c.isalnum()) or "\u4e00" <= c <= "\u9fff" or c.isspace()


def required_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` contains at least one (the rarest such set
    the pattern's parse shows: "[×xX]{2,}[年月…]" → {×, x, X}), or None. A text holding none of
    them cannot match; one scan for a character class settles that."""
    if pattern in _CHARS:
        return _CHARS[pattern]
    repeats = {getattr(sre_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(sre_c, n)}

    def rank(chars: frozenset) -> tuple:
        return (sum(map(_common, chars)) / len(chars), len(chars))

    def of_seq(seq) -> frozenset | None:
        sets = [x for x in (of_item(op, av) for op, av in seq) if x]
        return min(sets, key=rank) if sets else None

    def of_item(op, av) -> frozenset | None:
        if op is sre_c.LITERAL:
            return frozenset(chr(av))
        if op is sre_c.IN:
            if all(o is sre_c.LITERAL for o, _ in av):
                return frozenset(chr(v) for _, v in av)
            return None  # a negated class, a range or a category: too wide to help
        if op in repeats:
            return of_seq(av[2]) if av[0] >= 1 else None
        if op is sre_c.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else of_seq(av[3])
        if op is sre_c.BRANCH:
            branches = [of_seq(b) for b in av[1]]
            return None if any(b is None for b in branches) else frozenset().union(*branches)
        return None

    chars = None
    if not pattern.flags & re.IGNORECASE:
        try:
            chars = of_seq(list(sre_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)))
        except Exception:  # an internal API: no set rather than a crash
            chars = None
    _CHARS[pattern] = chars
    return chars


_CHARS: dict[re.Pattern, frozenset[str] | None] = {}


def any_char_pattern(chars) -> re.Pattern:
    """A class matching any of ``chars`` (cached)."""
    key = frozenset(chars)
    got = _CHAR_CLASSES.get(key)
    if got is None:
        got = _CHAR_CLASSES[key] = rx.compile("[" + "".join(re.escape(c) for c in sorted(key)) + "]")
    return got


_CHAR_CLASSES: dict[frozenset, re.Pattern] = {}
_CHAR_CLASS = rx.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]")  # an escape, or a class


class LazyPattern:
    """A regular expression compiled on first use. Packs read from the parsed-pack cache were
    validated when they were cached, so their patterns need not be compiled at start-up: a run
    compiles only those of the packs it uses (compiling every pack's CJK classes costs
    milliseconds a run). ``pattern`` and ``flags`` need no compiling; the first call of a method
    compiles, and from then on the methods are the compiled pattern's own."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = rx.compile(self.pattern, self.flags)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        self.groupindex, self.groups = compiled.groupindex, compiled.groups
        return getattr(compiled, name)

    def __eq__(self, other) -> bool:
        return (isinstance(other, (LazyPattern, re.Pattern)) and self.pattern == other.pattern
                and self.flags == (other.flags & ~re.UNICODE))

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"
