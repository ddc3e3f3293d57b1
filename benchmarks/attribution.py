"""Speaker attribution on ../shared/eval, with (a) the discovered cast and (b) the file's own cast.

Prints quotation-level accuracy on matched gold quotes for the whole set, per source and per PDNC
half (see evalset.py), per quote type; the share of wrong lines that fall among the 20% of lines
with the lowest confidence; and the throughput of reading + segmentation + attribution.

Run: .venv/bin/python benchmarks/attribution.py [--by-rule] [--without RULE ...] [--calibrate]

--by-rule      how many quotes each rule decided and how many it got right, per setting and group
--without R    switch rule R off (a dotted prefix switches off every rule under it: `turns`)
--calibrate    fit the confidence model on PDNC half A and write it, with each rule's measured
               accuracy, into audiobook/analysis/attribution/rule_confidence.py
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from evalset import Judged, judge, load_docs, run, score

from audiobook.analysis.attribution import confidence
from audiobook.analysis.attribution.confidence import Placement

GROUPS = ("PDNC-A", "PDNC-B", "LitBank")
LOW_SHARE = 0.2
"""The share of lines, least confident first, that should hold most of the wrong ones."""
ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "audiobook" / "analysis" / "attribution" / "rule_confidence.py"


def measure(given: bool, without: frozenset[str]) -> tuple[dict, list[Judged], float]:
    """Scores, judged lines and KB/s for one setting (run in a process of its own)."""
    docs = load_docs()
    preds, seconds, chars = run(docs, given=given, attribute_speakers=True, without=without)
    return score(docs, preds), judge(docs, preds), chars / 1e3 / seconds


def low_confidence_share(judged: list[Judged]) -> float:
    """The share of wrong lines among the LOW_SHARE least confident lines (ties broken against us:
    a line sits as late as its confidence allows)."""
    wrong = sum(not j.right for j in judged)
    if not wrong:
        return 1.0
    ranked = sorted(judged, key=lambda j: (j.confidence, not j.right))
    flagged = ranked[: round(LOW_SHARE * len(ranked))]
    return sum(not j.right for j in flagged) / wrong


def report(label: str, summaries: dict, judged: list[Judged], speed: float) -> None:
    print(f"== {label}: {speed:.0f} KB/s on one core")
    for name, summary in summaries.items():
        attr = summary["attribution"]
        types = "  ".join(
            f"{t} {v['acc_matched_quotation']:.1f}" for t, v in summary["by_type"].items() if t != "unknown"
        )
        print(
            f"  {name:7} quotations {attr['n_gold_quotations']:6}  "
            f"accuracy (matched, quotation level) {attr['acc_matched_quotation']:.2f}%  {types}"
        )
    shares = "  ".join(
        f"{g} {100 * low_confidence_share([j for j in judged if j.group == g]):.0f}%" for g in GROUPS
    )
    print(f"  wrong lines among the {LOW_SHARE:.0%} least confident: {shares}")


def by_rule(results: dict[str, list[Judged]]) -> None:
    """A table: per rule, decided / right per setting and group."""
    table: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for setting, judged in results.items():
        for j in judged:
            cell = table[j.rule][(setting, j.group)]
            cell[0] += 1
            cell[1] += j.right
    columns = [(s, g) for s in results for g in GROUPS]
    print("\n" + f"{'rule':34}" + "".join(f"{s[:5] + ' ' + g:>18}" for s, g in columns))
    for rule in sorted(table, key=lambda r: -sum(c[0] for c in table[r].values())):
        cells = []
        for column in columns:
            n, right = table[rule].get(column, (0, 0))
            cells.append(f"{right:6}/{n:<6}{100 * right / n:4.0f}%" if n else f"{'-':>18}")
        print(f"{rule:34}" + "".join(f"{c:>18}" for c in cells))


def calibrate(results: dict[str, list[Judged]]) -> None:
    """Fit the confidence model on PDNC half A (both casts) and write it, with each rule's
    accuracy there, as the registry."""
    lines = [j for judged in results.values() for j in judged if j.group == "PDNC-A" and j.rule != "none"]
    rows = [Placement.parse(j.band).features(j.rule) for j in lines]
    weights = fit(rows, [j.right for j in lines])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for judged in results.values():
        for j in judged:
            if j.group == "PDNC-A":
                counts[j.rule][0] += 1
                counts[j.rule][1] += j.right
    # `(?)` marks the LOW_SHARE least confident lines of half A, by the model just fitted.
    confidence.WEIGHTS.clear()
    confidence.WEIGHTS.update(weights)
    sure = sorted(
        confidence.confidence(j.rule, j.band)
        for judged in results.values()
        for j in judged
        if j.group == "PDNC-A"
    )
    flag_below = sure[round(LOW_SHARE * len(sure))]
    text = [
        '"""The attribution rules\' measured accuracy and the confidence model: generated by',
        "`benchmarks/attribution.py --calibrate` from PDNC half A of ../shared/eval (given and",
        "discovered casts); do not edit.",
        "",
        "WEIGHTS: feature -> weight of the logistic model in `confidence.py` (L2-regularised,",
        f"lambda {_RIDGE}); MEASURED: rule -> (lines decided, lines right).",
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{f}": {w:.4f},' for f, w in sorted(weights.items()) if abs(w) >= 5e-5),
        "}",
        "MEASURED: dict[str, tuple[int, int]] = {",
        *(f'    "{rule}": ({n}, {right}),' for rule, (n, right) in sorted(counts.items())),
        "}",
        f"FLAG_BELOW = {flag_below:.4f}",
        f'"""Lines less confident than this are marked `(?)`: the {LOW_SHARE:.0%} least confident'
        ' on half A."""',
        "",
    ]
    REGISTRY.write_text("\n".join(text), encoding="utf-8")
    print(f"\nwrote {len(weights)} weights and {len(counts)} rules to {REGISTRY}")


def fit(rows: list[list[str]], right: list[bool]) -> dict[str, float]:
    """Weights of a logistic model of `right` over the features in `rows`, by Newton's method with
    an L2 penalty (`_RIDGE`), which keeps rare features near 0."""
    names = sorted({f for row in rows for f in row})
    index = {f: n for n, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        x[r, [index[f] for f in row]] = 1.0
    y = np.asarray(right, dtype=float)
    w = np.zeros(len(names))
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + _RIDGE * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + _RIDGE * np.eye(len(names))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return dict(zip(names, w.tolist(), strict=True))


_RIDGE = 1.0
"""The L2 penalty of the confidence model."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--by-rule", action="store_true")
    parser.add_argument("--without", action="append", default=[])
    parser.add_argument("--calibrate", action="store_true")
    args = parser.parse_args()
    without = frozenset(args.without)
    settings = {"discovered": False, "given": True}
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(measure, given, without) for name, given in settings.items()}
        measured = {name: future.result() for name, future in futures.items()}
    if without:
        print(f"without: {', '.join(sorted(without))}")
    for name, (summaries, judged, speed) in measured.items():
        report(f"({name} cast)", summaries, judged, speed)
    results = {name: judged for name, (_, judged, _) in measured.items()}
    if args.by_rule:
        by_rule(results)
    if args.calibrate:
        calibrate(results)


if __name__ == "__main__":
    main()
