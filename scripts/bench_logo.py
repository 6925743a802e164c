"""Benchmark: what a logo can cost, hostile or not, against a plain logo measured in the same run.

Usage: .venv/bin/python scripts/bench_logo.py [--runs 5]

Prints, for each upload, what the check does (refused or stored, with the stored PNG's size) and
its CPU time, then the CPU seconds of the demo's full PDF with each stored logo, rendered as the
app's render child renders it, taken in turn with the same PDF carrying a plain 300 x 100 logo.
Goal: no logo raises the PDF's cost above the plain logo's by more than MARGIN; hostile files
(1 KB of nested <use> used to cost 18-20 s per PDF, a 12000 x 12000 PNG 8 s) never reach a PDF.
"""
from __future__ import annotations

import argparse
import base64
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bench_pdf import cpu_seconds  # noqa: E402
from factories import png, use_bomb  # noqa: E402

from app import assessments, create_app, store  # noqa: E402
from app.core import demo  # noqa: E402
from app.report import context as reports  # noqa: E402
from app.report import pdf  # noqa: E402
from app.store.logos import MAX_ELEMENTS, LogoRefused, check_logo  # noqa: E402

MARGIN = 0.10  # at most 10% above the plain logo's PDF


def busy_svg() -> bytes:
    """The most an SVG may hold: MAX_ELEMENTS - 1 small paths with a gradient each way."""
    paths = b"".join(b'<path d="M%d %d l3 0 l0 3 z" fill="#%06x" stroke="#000" stroke-dasharray="0.1"/>'
                     % (n % 100, n // 100, n * 2654435 % 0xFFFFFF) for n in range(MAX_ELEMENTS - 1))
    return b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 25">' + paths + b"</svg>"


UPLOADS = {
    "plain PNG 300x100": png(300, 100),
    "noisy PNG 4096x4096 (largest accepted)": png(4096, 4096, noise=True),
    f"SVG of {MAX_ELEMENTS - 1} dashed paths": busy_svg(),
    "SVG of nested <use> (1 KB)": use_bomb(),
    "PNG 12000x12000": png(12000, 12000),
}


def checked(name: str, data: bytes) -> bytes | None:
    """Run the upload check once; print what it did and its CPU time (the child's included)."""
    import resource

    before = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    try:
        stored, _ = check_logo(data)
        outcome = f"stored as a {len(stored) // 1024} KB PNG"
    except LogoRefused as refused:
        stored, outcome = None, f"refused: {refused}"
    cpu = time.process_time() - before[0] + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before[1]
    print(f"  {name:42s} {len(data) // 1024:4d} KB  check {cpu:5.2f} s CPU  {outcome[:90]}")
    return stored


def demo_context(folder: Path) -> dict:
    """The demo assessment's full report context (as `flask report` builds it), on a scratch database."""
    app = create_app({"SECRET_KEY": "bench", "DATABASE": str(folder / "bench.db"), "INSTANCE_PATH": str(folder)})
    questionnaire = app.extensions["questionnaires"]["cs-maturity"]
    db = store.connect(app.config["DATABASE"])
    try:
        respondent, _ = store.create_self_assessment(
            db, organisation=demo.DEMO_ORGANISATION, questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version, respondent_name="Bench", role="executive")
        store.save_answers(db, respondent.id, demo.demo_answers(questionnaire))
        catalogue = assessments.Catalogue(app.extensions["questionnaires"], app.extensions["model"])
        return assessments.AssessmentContext(db, catalogue, store.load_assessment(db, respondent.assessment_id)).full_report
    finally:
        db.close()


def with_logo(context: dict, logo: bytes) -> str:
    branded = copy.deepcopy(context)
    uri = "data:image/png;base64," + base64.b64encode(logo).decode("ascii")
    reports.apply_branding(branded, {"logo": uri, "accent": None, "prepared_by": "Bench", "accent_for_text": False})
    return reports.render_html(branded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print("Upload check:")
    stored = {name: checked(name, data) for name, data in UPLOADS.items()}
    with tempfile.TemporaryDirectory() as folder:
        context = demo_context(Path(folder))
    plain = with_logo(context, stored["plain PNG 300x100"])
    pdf.html_to_pdf(plain)  # warm fonts and imports
    print(f"PDF CPU seconds, median of {runs}, each taken in turn with the plain logo's:")
    worst = 0.0
    for name, logo in stored.items():
        if logo is None:
            print(f"  {name:42s} never reaches a PDF (refused at upload)")
            continue
        html = with_logo(context, logo)
        pairs = [(cpu_seconds(lambda h=html: pdf.html_to_pdf(h), collector=False)[0],
                  cpu_seconds(lambda: pdf.html_to_pdf(plain), collector=False)[0]) for _ in range(runs)]
        ratio = statistics.median(a / b for a, b in pairs)
        worst = max(worst, ratio)
        print(f"  {name:42s} {statistics.median(a for a, _ in pairs):5.2f} s  vs plain "
              f"{statistics.median(b for _, b in pairs):5.2f} s  -> {ratio:4.2f}x")
    print(f"worst logo / plain logo: {worst:4.2f}x (goal: at most {1 + MARGIN:.2f}x) -> "
          f"{'met' if worst <= 1 + MARGIN else 'NOT met'}")


if __name__ == "__main__":
    main()
