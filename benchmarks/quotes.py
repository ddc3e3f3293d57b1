"""Quote detection on ../shared/eval: precision, recall, F1 (exact and overlap) per source, and speed.

Run: .venv/bin/python benchmarks/quotes.py
"""

from __future__ import annotations

from evalset import load_docs, run, score


def main() -> None:
    docs = load_docs()
    preds, seconds, chars = run(docs, given=False, attribute_speakers=False)
    for name, summary in score(docs, preds).items():
        exact, overlap = summary["detection_exact"], summary["detection_overlap"]
        print(
            f"{name:7} gold {summary['n_gold_spans']:6}  pred {summary['n_pred_spans']:6}  "
            f"exact P {exact['P']:.2f} R {exact['R']:.2f} F1 {exact['F1']:.2f}  "
            f"overlap P {overlap['P']:.2f} R {overlap['R']:.2f} F1 {overlap['F1']:.2f}"
        )
    mb = chars / 1e6
    print(f"reading + segmentation: {mb:.1f} MB in {seconds:.2f} s = {mb / seconds:.2f} MB/s (one core)")


if __name__ == "__main__":
    main()
