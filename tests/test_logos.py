"""Logos are rasterised or refused at upload: whatever was uploaded, the report embeds a small checked PNG."""
from __future__ import annotations

import io

import pytest
from factories import SVG_HEAD, answer_all, csrf_token, png, soup, use_bomb
from PIL import Image
from pypdf import PdfReader

from app import store
from app.store import logos
from app.store.branding import load_branding
from app.store.logos import MAX_OUTPUT, LogoRefused, check_logo

HOSTILE_SVG = {
    "nested use": (use_bomb(), "“use”"),
    "css escape in a style": (SVG_HEAD + b'<rect style="fill:u\\72l(http://evil.example/a)"/></svg>', "CSS escape"),
    "css escape hiding @import": (SVG_HEAD + b'<rect style="\\40import \'x.css\'"/></svg>', "CSS escape"),
    "external paint server": (SVG_HEAD + b'<rect fill="url(http://evil.example/p.svg#g)"/></svg>', "self-contained"),
    "gradient inheriting through href": (SVG_HEAD + b'<linearGradient id="a" xlink:href="#b"/></svg>', "self-contained"),
    "entity": (b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + SVG_HEAD + b"<text>&a;</text></svg>", "entities"),
    "too many elements": (SVG_HEAD + b'<rect width="1" height="1"/>' * (logos.MAX_ELEMENTS + 1) + b"</svg>", "too complex"),
    "nested too deep": (SVG_HEAD + b"<g>" * (logos.MAX_DEPTH + 1) + b"</g>" * (logos.MAX_DEPTH + 1) + b"</svg>",
                        "too complex"),
    "style element": (SVG_HEAD + b"<style>rect{fill:red}</style></svg>", "“style”"),
    "no size": (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "no size"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SVG))
def test_hostile_svgs_are_refused_naming_the_problem(name):
    svg, phrase = HOSTILE_SVG[name]
    with pytest.raises(LogoRefused, match=phrase):
        check_logo(svg)


def test_a_huge_png_is_refused_from_its_header_before_it_is_decoded():
    with pytest.raises(LogoRefused, match="12,000 × 12,000 pixels"):
        check_logo(png(12000, 12000))


def test_a_png_with_a_bad_checksum_is_refused():
    data = bytearray(png(40, 40, noise=True))
    data[-20] ^= 0xFF  # inside the IDAT chunk: its CRC no longer matches
    with pytest.raises(LogoRefused, match="damaged"):
        check_logo(bytes(data))


def test_a_large_png_is_re_encoded_to_fit_the_cover():
    data, kind = check_logo(png(3000, 3000))
    image = Image.open(io.BytesIO(data))
    assert kind == "image/png" and image.size[0] <= MAX_OUTPUT[0] and image.size[1] <= MAX_OUTPUT[1]


def test_an_svg_is_drawn_once_to_a_bounded_png_of_its_own_shape():
    data, kind = check_logo(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
                            b'<rect width="300" height="100" fill="#0f766e"/></svg>')
    image = Image.open(io.BytesIO(data))
    assert kind == "image/png" and image.size == (1200, 400)
    assert image.convert("RGB").getpixel((600, 200)) == (15, 118, 110)


def test_an_svg_that_takes_too_long_to_draw_is_refused(monkeypatch):
    monkeypatch.setattr(logos, "_RENDERER", "import time; time.sleep(30)")
    monkeypatch.setattr(logos, "RENDER_TIMEOUT", 0.5)
    with pytest.raises(LogoRefused, match="could not be drawn"):
        check_logo(SVG_HEAD + b'<rect width="1" height="1"/></svg>')


@pytest.fixture
def placed(client, started, questionnaire):
    answer_all(client, started, questionnaire, lambda q: 2)
    return started


def _upload(client, token, logo: bytes, name: str):
    url = f"/r/{token}/branding"
    data = {"csrf_token": csrf_token(client, url), "prepared_by": "", "accent": "", "logo": (io.BytesIO(logo), name)}
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("logo, name, phrase", [
    (use_bomb(), "bomb.svg", "which a logo may not use"),
    (png(12000, 12000), "huge.png", "12,000 × 12,000 pixels"),
])
def test_a_hostile_logo_upload_shows_why_at_the_field_and_stores_nothing(client, placed, logo, name, phrase):
    response = _upload(client, placed, logo, name)
    assert response.status_code == 422
    page = soup(response)
    error = page.select_one("#logo-error")
    assert error is not None and phrase in error.get_text()
    assert page.select_one("input#logo")["aria-describedby"] == "logo-hint logo-error"  # read out with the field
    assert "Current logo" not in soup(client.get(f"/r/{placed}/branding")).get_text()


def test_an_uploaded_svg_reaches_the_pdf_as_a_small_png(app, client, placed):
    assert _upload(client, placed, SVG_HEAD + b'<circle cx="5" cy="5" r="4" fill="#7c2d12"/></svg>', "l.svg").status_code == 302
    document = PdfReader(io.BytesIO(client.get(f"/r/{placed}/report.pdf").data))
    (image,) = document.pages[0].images
    assert image.image.size[0] <= MAX_OUTPUT[0] and image.image.size[1] <= MAX_OUTPUT[1]


def _old_logo(app, token, logo: bytes, kind: str) -> int:
    """A logo as 0.5 stored it (unchecked), then the i20 migration run again over it."""
    from app.store import migrations

    db = store.connect(app.config["DATABASE"])
    try:
        assessment_id = store.respondent_by_token(db, token).assessment_id
        db["branding"].upsert({"assessment_id": assessment_id, "logo": logo, "logo_type": kind, "prepared_by": ""},
                              pk="assessment_id")
        migrations.checked_logos(db)
        return assessment_id
    finally:
        db.close()


def test_old_logos_are_converted_or_kept_unused_with_a_note(app, client, placed):
    assessment_id = _old_logo(app, placed, use_bomb(), "image/svg+xml")
    db = store.connect(app.config["DATABASE"])
    try:
        kept = load_branding(db, assessment_id)
    finally:
        db.close()
    assert kept.logo == use_bomb() and kept.stale_logo and kept.for_report()["logo"] is None
    assert "no longer shown" in soup(client.get(f"/r/{placed}/branding")).get_text()
    assert len(PdfReader(io.BytesIO(client.get(f"/r/{placed}/report.pdf").data)).pages[0].images) == 0
    _old_logo(app, placed, SVG_HEAD + b'<rect width="10" height="10"/></svg>', "image/svg+xml")
    assert "Current logo" in soup(client.get(f"/r/{placed}/branding")).get_text()
