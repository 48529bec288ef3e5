"""Which rule pack a document is checked against.

The report year picks the candidate packs among those chosen automatically (each pack states
the years it applies to; a pack marked ``automatic: false`` is used only when named); where
several fit (2015–2018: gov-2014 and twelve-section) the one whose sections align best with the
document's headings wins. The fit is the F1 of the heading alignment: precision = the share of
the document's level-1 headings matched to a section, recall = the share of the pack's sections
found. ``--pack`` pins a pack and skips all this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govlint.document import Document
from govlint.facts import Report
from govlint.matcher import Alignment, matcher_for
from govlint.packs.model import Pack


@dataclass
class Fit:
    pack: Pack
    score: float  # F1, 0–1
    alignment: Alignment


@dataclass
class Selection:
    pack: Pack
    reason: str  # one line, Chinese
    reason_en: str
    pinned: bool = False
    candidates: list[Fit] = field(default_factory=list)  # packs whose years include the report year
    fits: dict[str, Fit] = field(default_factory=dict)  # every automatic pack (and a pinned one), by id

    def fit_of(self, pack: Pack) -> Fit | None:
        return self.fits.get(pack.id)


def fit(pack: Pack, doc: Document) -> Fit:
    alignment = matcher_for(pack).align(doc)
    numbered = [h for h in doc.headings if h.numbered]
    if not pack.sections:
        return Fit(pack, 0.0, alignment)
    found = sum(m.score.text_score / 100 for m in alignment.matches)
    recall = len({m.section.number for m in alignment.matches}) / len(pack.sections)
    precision = found / len(numbered) if numbered else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Fit(pack, round(score, 3), alignment)


def select(report: Report, packs: tuple[Pack, ...], pinned: Pack | None = None, fit_headings: bool = True) -> Selection:
    """The pack for ``report`` among ``packs`` (those chosen automatically, by id), or ``pinned``.
    ``fit_headings=False``: by year only (a compilation part that is not a report is not linted
    further, so its headings need not be aligned with every pack)."""
    doc = report.doc
    if not fit_headings:
        year = report.year
        chosen = pinned or next((p for p in packs if year and p.years and p.years[0] <= year <= p.years[1]),
                                None) or packs[-1]
        return Selection(chosen, "这一篇不是年度报告，不作检查", "not an annual report; not linted", pinned=bool(pinned))
    fits = {p.id: fit(p, doc) for p in packs}
    if pinned is not None:
        if pinned.id not in fits or fits[pinned.id].pack is not pinned:
            fits[pinned.id] = fit(pinned, doc)
        return Selection(pinned, f"按 --pack 指定使用 {pinned.id}", f"pinned with --pack: {pinned.id}",
                         pinned=True, candidates=[fits[pinned.id]], fits=fits)
    year = report.year
    candidates = [fits[p.id] for p in packs if year is not None and p.years and p.years[0] <= year <= p.years[1]]
    ranked = sorted(candidates, key=lambda f: (-f.score, f.pack.id))
    if len(ranked) == 1:
        best = ranked[0]
        return Selection(best.pack, f"报告年度 {year} 适用 {best.pack.id}（{best.pack.years_label}）",
                         f"report year {year}: {best.pack.id}", candidates=candidates, fits=fits)
    if ranked:
        best, other = ranked[0], ranked[1]
        names = [f.pack.id for f in ranked]
        return Selection(
            best.pack,
            f"报告年度 {year} 适用 {'、'.join(names)}，{best.pack.id} 与文中标题更吻合（{best.score:.2f} 对 {other.score:.2f}）",
            f"report year {year} fits {', '.join(names)}; {best.pack.id} matches the headings best "
            f"({best.score:.2f} vs {other.score:.2f})",
            candidates=candidates, fits=fits)
    # No year, or a year no pack covers: the nearest era by year, else the best heading fit.
    if year is not None:
        nearest = min((p for p in packs if p.years),
                      key=lambda p: (min(abs(year - p.years[0]), abs(year - p.years[1])), -fits[p.id].score))
        return Selection(nearest, f"没有规则包适用报告年度 {year}，选用年度最接近的 {nearest.id}",
                         f"no pack covers {year}; nearest: {nearest.id}", candidates=[], fits=fits)
    best = max(fits.values(), key=lambda f: (f.score, f.pack.years[0] if f.pack.years else 0))
    return Selection(best.pack, f"找不到报告年度，按标题结构选用 {best.pack.id}",
                     f"no report year; best heading fit: {best.pack.id}", candidates=[], fits=fits)
