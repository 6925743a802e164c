"""A consultant's branding for an assessment's report: logo, accent colour and "prepared by" line.

Logos are checked and turned into a bounded PNG before they are stored (app/store/logos.py), so the
report only ever embeds a small PNG. A logo stored as SVG before 0.6.0 that could not be converted
is kept but not used (`Branding.usable_logo`); the branding page asks for it again.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from sqlite_utils import Database

from app.store.core import now, writing
from app.store.logos import LOGO_MAX_BYTES, LogoRefused, check_logo

__all__ = ["LOGO_MAX_BYTES", "Branding", "LogoRefused", "check_logo", "contrast_with_white", "load_branding",
           "report_branding", "save_branding"]

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_CONTRAST = 4.5  # WCAG AA for body text against white


@dataclass(frozen=True)
class Branding:
    logo: bytes | None
    logo_type: str | None  # "image/png" once checked; "refused:<type>" for an old logo that failed the check
    accent: str | None  # "#rrggbb"
    prepared_by: str

    @property
    def usable_logo(self) -> bool:
        """Only checked PNGs reach a page or a PDF; an old unconverted SVG waits to be uploaded again."""
        return bool(self.logo) and self.logo_type == "image/png"

    @property
    def stale_logo(self) -> bool:
        """A logo stored before 0.6.0 that failed today's check: kept, not used, to be uploaded again."""
        return bool(self.logo) and not self.usable_logo

    def for_report(self) -> dict:
        """The branding as the report context carries it: a data: URI for the logo, colour and byline."""
        logo = None
        if self.usable_logo:
            logo = f"data:image/png;base64,{base64.b64encode(self.logo).decode('ascii')}"
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
