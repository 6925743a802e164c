"""The branding form: a "prepared by" line, an accent colour and a logo file, each optional."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from app.store.branding import LOGO_MAX_BYTES, TEXT_CONTRAST, LogoRefused, check_logo, contrast_with_white
from app.store.logos import MAX_OUTPUT


class BrandingForm(FlaskForm):
    """What a consultant puts on the report they hand over."""

    prepared_by = StringField("Prepared by", validators=[Optional(), Length(max=120, message="Keep it under 120 characters.")],
                              description="Your name and firm as the cover and the page header should show them, "
                                          "for example “Jo Rivera, Northstar Advisory”.")
    accent = StringField("Accent colour", validators=[Optional(), Regexp(
        r"^#[0-9a-fA-F]{6}$", message="Enter the colour as # and six hexadecimal digits, for example #0f766e.")],
        description="Used for the band on the cover and for headings. Leave empty for the standard colours.")
    logo = FileField("Logo", description=f"A PNG or SVG file of at most {LOGO_MAX_BYTES // 1024} KB. It is stored as a PNG "
                                         f"of at most {MAX_OUTPUT[0]} × {MAX_OUTPUT[1]} pixels; an SVG may use "
                                         "plain drawing elements only.")
    remove_logo = BooleanField("Remove the current logo")
    save = SubmitField("Save branding")

    checked_logo: tuple[bytes, str] | None = None

    def validate_logo(self, field) -> None:
        """Read the upload at most one byte past the limit, then check it and turn it into a bounded PNG."""
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            return
        data = upload.stream.read(LOGO_MAX_BYTES + 1)
        try:
            self.checked_logo = check_logo(data)
        except LogoRefused as refused:
            raise ValidationError(str(refused)) from None

    def accent_warning(self) -> str | None:
        """A note when the colour is too light for text: it then only colours the cover band."""
        value = (self.accent.data or "").strip()
        if value and not self.accent.errors and contrast_with_white(value) < TEXT_CONTRAST:
            return (f"{value} is too light to read as text on white (contrast below {TEXT_CONTRAST}:1), "
                    "so headings stay dark and the colour is used for the cover band only.")
        return None
