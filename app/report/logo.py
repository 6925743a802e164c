"""The consultant's logo as the exports can place it: PowerPoint and Word take raster images, not SVG."""
from __future__ import annotations

import base64
import binascii
import io
import re

RASTER = {"image/png", "image/jpeg", "image/gif"}


def raster(data_uri: str | None) -> io.BytesIO | None:
    """The logo of a data: URI as PNG, JPEG or GIF bytes; None for an SVG (or nothing usable)."""
    match = re.match(r"^data:([\w/+.-]+);base64,(.*)$", data_uri or "", re.S)
    if not match or match.group(1) not in RASTER:
        return None
    try:
        return io.BytesIO(base64.b64decode(match.group(2), validate=True))
    except (binascii.Error, ValueError):
        return None
