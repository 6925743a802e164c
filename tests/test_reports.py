"""The PDF renderer may read only the project's report assets: no other file, no network."""
from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from app.report import context as reports
from app.report import pdf


def pdf_text(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def test_local_files_outside_the_report_assets_are_never_read(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::after { content: 'LEAKED-SECRET'; }")
    html = (
        f'<link rel="stylesheet" href="{secret.as_uri()}"><p>Hello</p>'
        '<img src="file:///etc/passwd" alt="x"><img src="http://127.0.0.1:9/x.png" alt="y">'
        '<iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object>'
    )
    text = pdf_text(pdf.html_to_pdf(html))
    assert "Hello" in text
    assert "LEAKED-SECRET" not in text and "root:" not in text


def test_report_assets_are_served_to_the_renderer():
    assert pdf.inside_reports((pdf.REPORTS_DIR / "report.css").as_uri()) is not None
    assert pdf.inside_reports((pdf.REPORTS_DIR / ".." / "pyproject.toml").resolve().as_uri()) is None
    assert pdf.inside_reports(Path("/etc/passwd").as_uri()) is None
    assert pdf.inside_reports("http://example.invalid/report.css") is None


def test_download_name_is_safe():
    assert reports.filename('Acme "Cloud"/../x') == "cs-maturity-acme-cloud-x.pdf"
    assert reports.filename("日本") == "cs-maturity-report.pdf"


def test_the_report_stylesheet_reaches_the_pdf():
    html = '<body class="print"><p>Cover</p><p style="break-before: page">Styled</p></body>'
    text = pdf_text(pdf.html_to_pdf(html))
    assert "Page 2 of 2" in text  # the footer comes from report.css's @page rules (none on the cover)
