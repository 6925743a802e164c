"""A consultant's branding for an assessment's report: logo, accent colour and "prepared by" line.

Logos are checked before they are stored: a PNG must be a PNG, an SVG must use only the drawing
elements and attributes listed here (no script, no event handlers, no foreignObject, no reference
to anything outside the file), and either must be at most LOGO_MAX_BYTES.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from lxml import etree
from sqlite_utils import Database

from app.store.core import now, writing

LOGO_MAX_BYTES = 200 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_CONTRAST = 4.5  # WCAG AA for body text against white
SVG_NS = "http://www.w3.org/2000/svg"
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
                "defs", "linearGradient", "radialGradient", "stop", "title", "desc", "clipPath", "use"}
SVG_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "d", "points", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "opacity", "transform",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy",
    "clip-path", "preserveAspectRatio", "version", "href", "style", "dx", "dy", "role", "aria-label",
}
_LOCAL_URL = re.compile(r"url\(\s*#[\w.-]+\s*\)")


class LogoRefused(ValueError):
    """The uploaded logo is not an acceptable PNG or SVG; the message says why, for the form."""


@dataclass(frozen=True)
class Branding:
    logo: bytes | None
    logo_type: str | None  # "image/png" or "image/svg+xml"
    accent: str | None  # "#rrggbb"
    prepared_by: str

    def for_report(self) -> dict:
        """The branding as the report context carries it: a data: URI for the logo, colour and byline."""
        logo = None
        if self.logo:
            logo = f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"
        return {"logo": logo, "accent": self.accent, "prepared_by": self.prepared_by,
                "accent_for_text": bool(self.accent) and contrast_with_white(self.accent) >= TEXT_CONTRAST}


def contrast_with_white(hex_colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb colour against white (1 to 21)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def check_logo(data: bytes) -> tuple[bytes, str]:
    """The logo to store and its type, or LogoRefused saying why it cannot be used."""
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRefused(f"The logo is larger than {LOGO_MAX_BYTES // 1024} KB; please use a smaller file.")
    if data.startswith(PNG_MAGIC):
        return data, "image/png"
    return _check_svg(data), "image/svg+xml"


def _check_svg(data: bytes) -> bytes:
    """The SVG unchanged when every element and attribute is on the allow-list; LogoRefused otherwise."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise LogoRefused("The logo must be a PNG or an SVG file.") from None
    if root.getroottree().docinfo.doctype or b"<!ENTITY" in data:
        raise LogoRefused("The SVG declares a document type or entities; please export it as plain SVG.")
    if etree.QName(root).localname != "svg":
        raise LogoRefused("The logo must be a PNG or an SVG file.")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element)
        if name.namespace != SVG_NS or name.localname not in SVG_ELEMENTS:
            raise LogoRefused(f"The SVG contains “{name.localname}”, which a logo may not use (no scripts, "
                              "embedded pages or other files).")
        for attribute, value in element.attrib.items():
            _check_attribute(etree.QName(attribute).localname, value)
    return etree.tostring(root, xml_declaration=False)


def _check_attribute(name: str, value: str) -> None:
    if name not in SVG_ATTRIBUTES or name.lower().startswith("on"):
        raise LogoRefused(f"The SVG uses the attribute “{name}”, which a logo may not use.")
    if name == "href" and not value.startswith("#"):
        raise LogoRefused("The SVG refers to another file or address; a logo must be self-contained.")
    if "url(" in value.replace(" ", "") and not _LOCAL_URL.fullmatch(value.strip()):
        raise LogoRefused("The SVG refers to another file or address; a logo must be self-contained.")
    if name == "style" and re.search(r"url\(|@import|expression|javascript:", value, re.I):
        raise LogoRefused("The SVG's inline styles refer to other files; a logo must be self-contained.")


def load_branding(db: Database, assessment_id: int) -> Branding | None:
    """The assessment's branding, or None when nobody set one."""
    row = db.execute("select logo, logo_type, accent, prepared_by from branding where assessment_id = ?",
                     [assessment_id]).fetchone()
    return Branding(*row[:3], row[3] or "") if row else None


def save_branding(db: Database, assessment_id: int, accent: str | None, prepared_by: str,
                  logo: tuple[bytes, str] | None = None, remove_logo: bool = False) -> None:
    """Save colour and byline; replace the logo when a checked one is given, drop it on request."""
    if accent and not HEX.match(accent):
        raise ValueError("accent must be #rrggbb")
    current = load_branding(db, assessment_id)
    data, kind = logo or ((None, None) if remove_logo or current is None else (current.logo, current.logo_type))
    with writing(db):
        db["branding"].upsert({"assessment_id": assessment_id, "logo": data, "logo_type": kind,
                               "accent": accent.lower() if accent else None, "prepared_by": prepared_by.strip(),
                               "updated_at": now()}, pk="assessment_id")


def report_branding(db: Database, assessment_id: int) -> dict | None:
    """The branding for the report context (`report.branding`), or None."""
    found = load_branding(db, assessment_id)
    return found.for_report() if found else None
