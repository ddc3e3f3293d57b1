"""Speaker attribution on ../shared/eval, with (a) the discovered cast and (b) the file's own cast.

Prints quotation-level accuracy on matched gold quotes, overall, per source and per quote type,
and the throughput of reading + segmentation + attribution. Run: .venv/bin/python benchmarks/attribution.py
"""

from __future__ import annotations

from evalset import load_docs, run, score


def report(label: str, given: bool, docs: dict) -> None:
    preds, seconds, chars = run(docs, given=given, attribute_speakers=True)
    print(f"== {label}: {chars / 1e3 / seconds:.0f} KB/s on one core")
    for name, summary in score(docs, preds).items():
        attr = summary["attribution"]
        types = "  ".join(
            f"{t} {v['acc_matched_quotation']:.1f}" for t, v in summary["by_type"].items() if t != "unknown"
        )
        print(
            f"  {name:7} quotations {attr['n_gold_quotations']:6}  "
            f"accuracy (matched, quotation level) {attr['acc_matched_quotation']:.1f}%  {types}"
        )


def main() -> None:
    docs = load_docs()
    report("(a) discovered cast", False, docs)
    report("(b) given cast (the file's character list)", True, docs)


if __name__ == "__main__":
    main()
