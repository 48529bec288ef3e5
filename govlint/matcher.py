"""The fuzzy heading matcher: maps a document's headings to a pack's sections.

Scores come from rapidfuzz on normalised keys (width, spaces, traditional characters, the
pack's equivalent spellings and dropped characters), taking the best of the canonical title and
its aliases, of the whole phrase and of its "core" (generic words such as 政府信息公开 removed),
and of the phrase's prefix (a heading glued to its body). A number equal to the section's adds a
bonus. The alignment is order-aware: a dynamic programme picks the best in-order matching;
a heading left over that still clearly names a section is reported as out of order (if that
section is otherwise missing) or as a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dataclasses

from rapidfuzz import fuzz

from govlint import rx
from govlint.document import Document, Heading
from govlint.dp import suffix_max_raised, traceback
from govlint.normalize import norm
from govlint.packs.model import Matching, Pack, Section


# What follows a heading glued to its body: a year or number, a typical sentence opening, or a
# long run of text ("概述2017年，我局…"); "…推进情况和公开情况" is a longer heading, not a body.
_BODY_START = rx.compile(r"^(\d|[(（]|[我本全今在为按根据近去截虽].|.{10,})")
_LEADING_YEAR = rx.compile(r"^(19|20)\d{2}年度?")
# Where a heading glued to its body may end: before a character that starts a body ("目前…",
# "虽然…", "无…", "第二十条…", "2018年…", "（一）…"), or after a heading's last word (…情况, …事项).
# Never inside those words ("…工作情|况2013年", "…政府信息|情况第二十条").
_BODY_NEXT = frozenset("0123456789(（我本全今在为按根据近去截虽目无第各对经共该自由一二三四五六七八九十")
_HEADING_END = rx.compile(r"(情况|事项|措施|问题|概述|工作|附表|建设|成效|落实|举措|打算|计划|安排|思路)$")
_HEADING_WORDS = frozenset({"情况", "事项", "措施", "问题", "概述", "工作", "计划", "打算", "安排", "思路"})
_JOINS = frozenset("和及与、并暨以")


def glue_ends(hk: str, n: int) -> list[int]:
    """Where in the key ``hk`` of a heading glued to its body the heading may end, for a target
    wording of key length ``n``: from n - 5 to n + 6 characters."""
    ends = []
    for e in range(max(2, n - 5), min(len(hk) - 1, n + 6) + 1):
        if hk[e:e + 2] in _HEADING_WORDS or hk[e - 1:e + 1] in _HEADING_WORDS:
            continue  # inside 情况 or just before it
        if hk[e] in _JOINS:
            continue  # "…推进情况和公开情况": a longer heading, not a body
        if hk[e] in _BODY_NEXT or _HEADING_END.search(hk[:e]) or (e == n and _BODY_START.match(hk[n:])):
            ends.append(e)
    return ends


@dataclass
class Score:
    value: float  # 0–100 (+ number bonus), the decision score
    text_score: float  # 0–100 without the bonus
    via: str  # the alias (or title) that scored best
    prefix_len: int | None = None  # key length of the heading phrase when glued to its body
    # breaks ties between headings with equal scores: how close the whole heading is to the
    # wording (0–0.1), so "主动公开政府信息情况" wins over "主动公开工作情况" (same core, 主动公开)
    closeness: float = 0.0


@dataclass
class Match:
    section: Section
    heading: Heading
    score: Score
    in_order: bool = True


@dataclass
class Alignment:
    matches: list[Match] = field(default_factory=list)  # in document order
    missing: list[Section] = field(default_factory=list)
    duplicates: list[Match] = field(default_factory=list)  # extra headings for a matched section
    unmatched: list[tuple[Heading, Section | None, Score | None]] = field(default_factory=list)

    def match_for(self, number: int) -> Match | None:
        for m in self.matches:
            if m.section.number == number:
                return m
        return None


class Matcher:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.cfg: Matching = pack.matching
        self._keys: dict[str, str] = {}
        self._cores: dict[str, str] = {}
        self._rows: dict[tuple, tuple[list[Score], list[bool], list[int]]] = {}
        self._scored: dict[tuple, Score] = {}
        self._fillers = [self._key(f) for f in sorted(self.cfg.fillers, key=len, reverse=True)]
        self._targets: dict[int, list[tuple[str, str, str]]] = {}
        for s in pack.sections:
            targets = []
            for phrase in [s.title, *s.accepted, *s.aliases]:
                k = self.key(phrase)
                targets.append((phrase, k, self.core(k)))
            self._targets[s.number] = targets

    # -- keys
    def key(self, text: str) -> str:
        k = self._keys.get(text)
        if k is None:
            k = self._keys[text] = self._key(text)
        return k

    def _key(self, text: str) -> str:
        k = norm(text).rstrip(":：;；,，。.、")
        k = _LEADING_YEAR.sub("", k)  # "2012年政府信息公开情况概述"
        for group in self.cfg.equivalents:
            first = group[0]
            for other in sorted(group[1:], key=len, reverse=True):
                k = k.replace(other, first)
        for ch in self.cfg.drop:
            k = k.replace(ch, "")
        return k

    def core(self, key: str) -> str:
        for filler in self._fillers:
            key = key.replace(filler, "")
        return key

    # -- scores
    def score(self, heading: Heading, section: Section) -> Score:
        """Cached per (title, number, section): the same headings recur in report after report."""
        cache_key = (heading.title, heading.numbered, heading.number, section.number)
        hit = self._scored.get(cache_key)
        if hit is None:
            hit = self._scored[cache_key] = self._score(heading, section)
        return hit

    def _row(self, heading: Heading) -> tuple[list[Score], list[bool], list[int]]:
        """The heading's scores against every section, and which reach the threshold (cached:
        the same headings recur in report after report)."""
        cache_key = (heading.title, heading.numbered, heading.number)
        row = self._rows.get(cache_key)
        if row is None:
            if len(self._rows) >= 20_000:  # bounded: a long batch meets ever new headings
                self._rows.clear()
                self._scored.clear()
            scores = [self.score(heading, s) for s in self.pack.sections]
            threshold = self.threshold(heading)
            oks = [sc.value >= threshold for sc in scores]
            row = self._rows[cache_key] = (scores, oks, [j for j, o in enumerate(oks) if o])
        return row

    def _score(self, heading: Heading, section: Section) -> Score:
        hk = self.key(heading.title)
        hc = self._cores.get(hk)
        if hc is None:
            hc = self._cores[hk] = self.core(hk)
        best = Score(0.0, 0.0, section.title)
        for phrase, tk, tc in self._targets[section.number]:
            # The core (generic words such as 政府信息公开…情况 removed) decides when both sides have
            # one: the whole phrase would let any "政府信息公开…情况" heading resemble any other.
            if len(hc) >= 2 and len(tc) >= 2:
                s = fuzz.ratio(hc, tc)
                if len(tc) >= 4 and tc in hc and len(hc) <= len(tc) + 8:  # all the title says, and a little more ("…和投诉情况")
                    s = max(s, 90.0)
                if len(hk) <= 8 and min(len(hc), len(tc)) <= 3:
                    # short headings whose cores are a word or two ("工作概况" / "工作概述"): the whole
                    # phrase, a little discounted, since one character decides the core
                    s = max(s, fuzz.ratio(hk, tk) * 0.95)
            else:
                s = fuzz.ratio(hk, tk)
            prefix = None
            if len(hk) >= len(tk):
                # a heading glued to its body ("概述2017年，我局…", "…改进情况目前，", "…事项无"): the
                # end that fits this wording best
                for e in glue_ends(hk, len(tk)):
                    p = fuzz.ratio(hk[:e], tk) * 0.95
                    if p > s:
                        s, prefix = p, e
            if s > best.text_score:
                best = Score(s, s, phrase, prefix)
                if prefix is None and len(hc) >= 2 and len(tc) >= 2:
                    best.closeness = fuzz.ratio(hk, tk) / 1000
        bonus = self.cfg.number_bonus if heading.numbered and heading.number == section.number else 0
        best.value = min(100.0, best.text_score + bonus) if best.text_score >= 40 else best.text_score
        return best

    def best_section(self, heading: Heading) -> tuple[Section | None, Score | None]:
        best: tuple[Section | None, Score | None] = (None, None)
        for s in self.pack.sections:
            sc = self.score(heading, s)
            if best[1] is None or sc.value > best[1].value:
                best = (s, sc)
        return best

    def threshold(self, heading: Heading) -> float:
        return self.cfg.threshold if heading.numbered else self.cfg.unnumbered_threshold

    # -- alignment
    def align(self, doc: Document) -> Alignment:
        heads = sorted(doc.headings + doc.candidates, key=lambda h: h.position)
        secs = self.pack.sections
        rows = [self._row(h) for h in heads]
        table = [r[0] for r in rows]
        ok = [r[1] for r in rows]

        # Best in-order matching (weighted LCS): gain = score above threshold + 1.
        n, m = len(heads), len(secs)
        # dp[i][j] = max(dp[i + 1][j], dp[i][j + 1], gain(i, j) + dp[i + 1][j + 1]): a row at a time
        # as a suffix maximum with the few sections heading i may match raised (govlint.dp)
        dp = [[0.0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            below, row, threshold = dp[i + 1], table[i], self.threshold(heads[i])
            raised: dict[int, float] = {}
            for j in rows[i][2]:
                val = row[j].value + row[j].closeness - threshold + 1 + below[j + 1]
                if val > below[j]:
                    raised[j] = val
            dp[i] = suffix_max_raised(below, raised)
        def match(i: int, j: int):
            if not ok[i][j]:
                return None
            return table[i][j].value + table[i][j].closeness - self.threshold(heads[i]) + 1 + dp[i + 1][j + 1], 1

        pairs = {i: j for i, j, _ in traceback(dp, n, m, match, match_first=True)}

        out = Alignment()
        matched_secs = set(pairs.values())
        by_section: dict[int, Match] = {}
        leftovers: list[int] = []
        for i, h in enumerate(heads):
            if i in pairs:
                mt = Match(secs[pairs[i]], h, table[i][pairs[i]])
                out.matches.append(mt)
                by_section[pairs[i]] = mt
            else:
                leftovers.append(i)
        for i in leftovers:
            h = heads[i]
            j = max(range(m), key=lambda jj: table[i][jj].value) if m else None
            if j is not None and ok[i][j]:
                mt = Match(secs[j], h, table[i][j])
                if j not in matched_secs:
                    mt.in_order = False
                    out.matches.append(mt)
                    matched_secs.add(j)
                    by_section[j] = mt
                    continue
                sc = table[i][j]
                # a second heading for a section: its number, or all its words, say so ("三、主动公开
                # 工作情况" under 一、总体情况 shares only the core 主动公开 with 二、主动公开政府信息情况)
                if h.numbered and sc.prefix_len is None and sc.text_score >= max(self.cfg.threshold + 10, 75) \
                        and (h.number == secs[j].number or sc.closeness >= 0.085):
                    out.duplicates.append(mt)
                    continue
            if h.numbered:
                out.unmatched.append((h, secs[j] if j is not None else None, table[i][j] if j is not None else None))
        out.matches.sort(key=lambda mt: mt.heading.position)
        out.missing = [s for k, s in enumerate(secs) if k not in matched_secs]
        for mt in out.matches:
            if mt.score.prefix_len:  # a copy: the document's headings are shared by every pack's alignment
                mt.heading = dataclasses.replace(mt.heading)
                mt.heading.cut_title(_key_prefix_chars(mt.heading.title, mt.score.prefix_len, self))
        return out


def matcher_for(pack: Pack) -> Matcher:
    """The pack's matcher, built once and kept with the pack (its alias keys and score rows are
    computed once for all the documents the pack is matched against)."""
    m = pack.derived.get("matcher")
    if m is None:
        m = pack.derived["matcher"] = Matcher(pack)
    return m


def _key_prefix_chars(title: str, prefix_len: int, matcher: Matcher) -> int:
    """Number of plain-normalised characters of ``title`` covering ``prefix_len`` matcher-key chars."""
    k = norm(title)
    for n in range(1, len(k) + 1):
        if len(matcher.key(k[:n])) >= prefix_len:
            return n
    return len(k)
