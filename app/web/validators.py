"""Validators shared by the forms: text that is too long is refused with a message at the field, never cut."""
from __future__ import annotations

from wtforms.validators import ValidationError


def within(limit: int, what: str):
    """At most `limit` characters, saying how many were given; unlike WTForms' Length it sets no `maxlength`
    attribute, with which a browser silently cuts what is typed or pasted."""

    def check(form, field):
        given = len(field.data or "")
        if given > limit:
            raise ValidationError(f"{what} has {given} characters; keep it to {limit} or fewer. "
                                  "Nothing was cut or saved: shorten it and send it again.")

    return check
