"""Report branding: a consultant's logo, colour and "prepared by" line on the PDF, refused when unsafe."""
from __future__ import annotations

import io

import pytest
from factories import answer_all, csrf_token, soup
from pypdf import PdfReader

from app.store.branding import LOGO_MAX_BYTES, LogoRefused, check_logo, contrast_with_white

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0f766e"/></svg>'
HOSTILE = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
    "foreign": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    "external": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                b'<use xlink:href="http://evil.example/x.svg#a"/></svg>',
    "entity": b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">'
              b'<text>&x;</text></svg>',
    "style": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://evil.example/a)"/></svg>',
    "image": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
    "not an image": b"GIF89a not a logo",
}


@pytest.fixture
def placed(client, started, questionnaire):
    answer_all(client, started, questionnaire, lambda q: 2)
    return started


def _post(client, token, **fields):
    url = f"/r/{token}/branding"
    data = {"csrf_token": csrf_token(client, url), "prepared_by": "", "accent": "", **fields}
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_or_foreign_logo_is_refused(name):
    with pytest.raises(LogoRefused):
        check_logo(HOSTILE[name])


def test_a_plain_svg_and_a_png_are_accepted_and_stored_as_png():
    for logo in (PNG, SVG):
        data, kind = check_logo(logo)
        assert kind == "image/png" and data.startswith(b"\x89PNG")


def test_a_logo_over_the_size_limit_is_refused_with_a_sentence(client, placed):
    response = _post(client, placed, logo=(io.BytesIO(PNG + b"\0" * LOGO_MAX_BYTES), "big.png"))
    assert response.status_code == 422
    assert "larger than 200 KB" in soup(response).get_text()
    assert "Current logo" not in soup(client.get(f"/r/{placed}/branding")).get_text()


def test_a_hostile_svg_upload_is_refused_and_not_stored(client, placed):
    response = _post(client, placed, logo=(io.BytesIO(HOSTILE["script"]), "logo.svg"))
    assert response.status_code == 422
    assert "may not use" in soup(response).get_text()
    assert "Current logo" not in soup(client.get(f"/r/{placed}/branding")).get_text()


def test_the_colour_must_be_a_hex_value_and_a_light_one_is_kept_off_text(client, placed):
    assert _post(client, placed, accent="red").status_code == 422
    response = _post(client, placed, accent="#fde68a")
    assert response.status_code == 302
    assert "too light to read as text" in soup(client.get(response.headers["Location"])).get_text()
    assert contrast_with_white("#0f766e") > 4.5 > contrast_with_white("#fde68a")


def test_the_form_needs_its_csrf_token(client, placed):
    response = client.post(f"/r/{placed}/branding", data={"prepared_by": "Mallory"})
    assert response.status_code == 400


def test_the_branding_is_on_the_pdf_cover_and_running_header(client, placed):
    response = _post(client, placed, prepared_by="Jo Rivera, Northstar Advisory", accent="#7c2d12",
                     logo=(io.BytesIO(PNG), "logo.png"))
    assert response.status_code == 302
    assert "Current logo" in soup(client.get(f"/r/{placed}/branding")).get_text()
    document = PdfReader(io.BytesIO(client.get(f"/r/{placed}/report.pdf").data))
    cover, contents = (page.extract_text() for page in document.pages[:2])
    assert "PREPARED BY Jo Rivera, Northstar Advisory" in cover and "PREPARED FOR Acme Cloud" in cover
    assert "prepared by Jo Rivera, Northstar Advisory" in contents  # the running header
    assert document.metadata.author == "Jo Rivera, Northstar Advisory"
    assert len(document.pages[0].images) == 1  # the logo; an unbranded cover has no image


def test_a_share_link_viewer_cannot_change_the_branding(client, placed):
    from app import access

    assert access.may("owner", "branding") and access.may("facilitator", "branding")
    assert not access.may("viewer", "branding") and not access.may("participant", "branding")


def test_the_branding_is_on_the_web_results_too(client, placed):
    assert soup(client.get(f"/r/{placed}/results")).select_one(".brand-bar") is None  # nothing until it is set
    _post(client, placed, prepared_by="Jo Rivera, Northstar Advisory", logo=(io.BytesIO(PNG), "logo.png"))
    bar = soup(client.get(f"/r/{placed}/results")).select_one(".brand-bar")
    assert "Prepared by Jo Rivera, Northstar Advisory" in bar.get_text(" ", strip=True)
    assert bar.select_one("img.brand-logo")["src"].startswith("data:image/png;base64,")
