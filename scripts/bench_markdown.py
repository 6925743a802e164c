"""Benchmark: charter Markdown rendering for hostile inputs next to a normal charter.

Usage: .venv/bin/python scripts/bench_markdown.py [--runs 5]

Prints the median wall time of `app.report.markdown.render` for each input. Hostile inputs (the
ones that took 10 s to minutes before the bounds, or broke the PDF) must cost about as much as a
normal charter section, never seconds. Run it after touching app/report/markdown.py.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core import charter, demo  # noqa: E402
from app.core.evaluation import evaluate  # noqa: E402
from app.core.questionnaire import QUESTIONNAIRE_DIR, load_all  # noqa: E402
from app.core.reference import load_model  # noqa: E402
from app.report.markdown import MAX_MARKDOWN_CHARS, render  # noqa: E402

HOSTILE = {
    '"[" x 9,990': "[" * 9990,
    '"![" x 4,995': "![" * 4995,
    '"[](" x 3,300': "[](" * 3300,
    '"[x" x 4,995': "[x" * 4995,
    '200 "[" then 9,800 letters': "[" * 200 + "x" * 9800,
    '19 "[" then 9,981 letters (in bounds)': "[" * 19 + "x" * 9981,
    "150 nested blockquotes": "> " * 150 + "x",
    '">" x 9,990': ">" * 9990,
    "60 nested list levels": "".join("    " * i + "- item\n" for i in range(60)),
    '"<http://" x 1,250': "<http://" * 1250,
    '"<a" x 4,995': "<a" * 4995,
    "table of 4,995 columns": "|a" * 4995 + "\n" + "|-" * 4995,
    f"{MAX_MARKDOWN_CHARS * 2:,} characters of prose": "word " * (MAX_MARKDOWN_CHARS * 2 // 5),
}


def normal_charter() -> list[str]:
    """The demo assessment's drafted charter: eleven sections of ordinary Markdown."""
    questionnaire = load_all(QUESTIONNAIRE_DIR)["cs-maturity"]
    model = load_model(QUESTIONNAIRE_DIR / "model")
    answers = {qid: value for qid, (value, _note) in demo.demo_answers(questionnaire).items()}
    evaluation = evaluate(questionnaire, model, answers)
    return [section["body"] for section in charter.build(evaluation, model, demo.DEMO_ORGANISATION)["sections"]]


def median_seconds(texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            render(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sections = normal_charter()
    print(f"{'input':<40} {'chars':>7} {'median ms':>10}")
    print(f"{'normal charter (11 sections)':<40} {sum(map(len, sections)):>7} {median_seconds(sections, runs) * 1000:>10.1f}")
    print(f"{'longest normal section':<40} {max(map(len, sections)):>7} "
          f"{median_seconds([max(sections, key=len)], runs) * 1000:>10.1f}")
    for name, text in HOSTILE.items():
        print(f"{name:<40} {len(text):>7} {median_seconds([text], runs) * 1000:>10.1f}")


if __name__ == "__main__":
    main()
