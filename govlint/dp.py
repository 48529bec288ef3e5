"""Dynamic programming shared by the heading matcher and the table reader: both align an ordered
list (headings, table rows) to another (sections, text fragments) maximising a summed score, where
``dp[i]`` is a suffix maximum over the second list. Matches are sparse, so a row of the table is
built from the row below with a few raised values, in C-speed slices instead of a Python loop."""

from __future__ import annotations

from bisect import bisect_right
from operator import neg


def suffix_max_raised(below: list[float], raised: dict[int, float]) -> list[float]:
    """The suffix maximum of ``below`` with the values at ``raised`` raised, for a non-increasing
    ``below``: between two raised positions it is max(below[j], the largest raised value to the
    right), i.e. ``below`` up to the point where it drops under that value, then that value."""
    out = below[:]
    run = None  # the largest raised value to the right of the current segment
    end = len(below)
    for p in sorted(raised, reverse=True):
        if run is not None:
            raise_tail(out, below, p + 1, end, run)
        run = raised[p] if run is None or raised[p] > run else run
        out[p] = run
        end = p
    if run is not None:
        raise_tail(out, below, 0, end, run)
    return out


def raise_tail(out: list[float], below: list[float], a: int, b: int, value: float) -> None:
    """out[j] = max(below[j], value) for j in [a, b); ``below`` is non-increasing there."""
    s = bisect_right(below, -value, a, b, key=neg)  # the first j where below[j] < value
    if s < b:
        out[s:b] = [value] * (b - s)


def traceback(dp: list[list[float]], n: int, m: int, match, match_first: bool) -> list[tuple[int, int, int]]:
    """The alignment behind a table ``dp[i][j] = max(dp[i + 1][j], dp[i][j + 1], match(i, j))``
    built with :func:`suffix_max_raised`: (i, j, span) for each pair, in order. ``match(i, j)`` is
    ``(value, span)`` (``value`` the gain plus ``dp[i + 1][j + span]``, computed as in the table)
    or None. Every ``dp[i][j]`` is a copy of one of the three values, so the move taken is the first
    whose value equals it, in the order the caller prefers on a tie: the match first
    (``match_first``), else skipping ``i``, then ``j``, then the match."""
    pairs: list[tuple[int, int, int]] = []
    i = j = 0
    while i < n and j < m:
        here = dp[i][j]
        got = match(i, j)
        if match_first and got is not None and got[0] == here:
            pairs.append((i, j, got[1]))
            i, j = i + 1, j + got[1]
        elif dp[i + 1][j] == here:
            i += 1
        elif dp[i][j + 1] == here or got is None:
            j += 1
        else:
            pairs.append((i, j, got[1]))
            i, j = i + 1, j + got[1]
    return pairs
