"""Logos are checked and turned into a small PNG once, at upload: the PDF never draws an uploaded file.

A 1 KB SVG of nested `<use>` cost 18-20 s of CPU in every PDF and a 12000 x 12000 PNG 8 s, so
nothing the consultant uploads reaches the renderer as it came:
- a PNG is decoded by Pillow within a pixel limit, verified, and re-encoded at most MAX_OUTPUT;
- an SVG is parsed by defusedxml (no DTD, no entities, no network), allowed only the drawing
  elements and attributes listed here (no `<use>`, no reference outside the file, no CSS escape),
  bounded in elements and depth, then drawn once by cairosvg in a child process with a CPU and
  memory limit, and the PNG it makes goes through the PNG path.
Whatever was uploaded, the report embeds a PNG of at most MAX_OUTPUT pixels: its cost in a PDF is
that of a plain logo. Every refusal is a LogoRefused whose message the form shows at the field.
"""
from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import warnings

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 200 * 1024
MAX_SOURCE_PIXELS = 4096 * 4096  # a PNG larger than this is refused before it is decoded
MAX_OUTPUT = (1200, 600)  # the stored PNG fits this box: the cover shows at most 70 x 22 mm
MAX_ELEMENTS = 2000
MAX_DEPTH = 24
RENDER_CPU_SECONDS = 5
RENDER_MEMORY = 512 * 1024 * 1024
RENDER_TIMEOUT = 10  # seconds of wall time, should the child wait rather than compute
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
                "defs", "linearGradient", "radialGradient", "stop", "title", "desc", "clipPath"}
SVG_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "d", "points", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "opacity", "transform",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy",
    "clip-path", "clipPathUnits", "preserveAspectRatio", "version", "style", "dx", "dy", "role", "aria-label",
}
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
SELF_CONTAINED = "The SVG refers to another file or address; a logo must be self-contained."
_NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*$")
# The child imports only cairosvg: it limits itself before it reads a byte of the SVG.
_RENDERER = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_CPU, ({RENDER_CPU_SECONDS}, {RENDER_CPU_SECONDS}))\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({RENDER_MEMORY}, {RENDER_MEMORY}))\n"
    "import cairosvg\n"
    "width, height = int(sys.argv[1]), int(sys.argv[2])\n"
    "sys.stdout.buffer.write(cairosvg.svg2png(bytestring=sys.stdin.buffer.read(), output_width=width,"
    " output_height=height, unsafe=False))\n"
)


class LogoRefused(ValueError):
    """The uploaded logo cannot be used; the message says why, for the form."""


def check_logo(data: bytes) -> tuple[bytes, str]:
    """The logo to store, always a bounded PNG, and its type; LogoRefused saying why it cannot be used."""
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRefused(f"The logo is larger than {LOGO_MAX_BYTES // 1024} KB; please use a smaller file.")
    if data.startswith(PNG_MAGIC):
        return bounded_png(data), "image/png"
    if not data.lstrip().startswith(b"<"):
        raise LogoRefused("The logo must be a PNG or an SVG file.")
    width, height = check_svg(data)
    return bounded_png(_draw(data, width, height)), "image/png"


def bounded_png(data: bytes) -> bytes:
    """Decode a PNG within MAX_SOURCE_PIXELS, verify it, and re-encode it to fit MAX_OUTPUT."""
    if data[12:16] == b"IHDR":  # the size is refused from the header, before Pillow decodes anything
        width, height = struct.unpack(">II", data[16:24])
        if width * height > MAX_SOURCE_PIXELS:
            raise LogoRefused(f"The logo is {width:,} × {height:,} pixels; please use an image of at most "
                              f"{MAX_SOURCE_PIXELS // 1_000_000} megapixels (1200 × 600 is plenty for the cover).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=["PNG"])
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise ValueError("too many pixels")
            probe.verify()  # chunk checksums and structure, without decoding the pixels
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, EOFError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoRefused("The PNG file is damaged or not a PNG; please export the logo again.") from None
    image = image.convert("RGBA")
    image.thumbnail(MAX_OUTPUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def check_svg(data: bytes) -> tuple[int, int]:
    """Check an SVG against the allow-list and bounds; returns the pixel size to draw it at (within MAX_OUTPUT)."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LogoRefused("The SVG declares a document type or entities; please export it as plain SVG.") from None
    except (ParseError, ValueError):
        raise LogoRefused("The logo must be a PNG or an SVG file.") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise LogoRefused("The logo must be a PNG or an SVG file.")
    _walk(root)
    return _output_size(root)


def _walk(root) -> None:
    """Every element and attribute on the allow-list, within MAX_ELEMENTS and MAX_DEPTH."""
    stack, count = [(root, 1)], 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_ELEMENTS or depth > MAX_DEPTH:
            raise LogoRefused(f"The SVG is too complex for a logo (more than {MAX_ELEMENTS:,} elements or nested "
                              f"deeper than {MAX_DEPTH}); please simplify it or upload a PNG.")
        namespace, _, name = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
        if namespace != SVG_NS or name not in SVG_ELEMENTS:
            raise LogoRefused(f"The SVG contains “{name}”, which a logo may not use (no scripts, links to other "
                              "parts or files, style sheets or embedded pages).")
        for attribute, value in element.attrib.items():
            _check_attribute(attribute, value)
        stack.extend((child, depth + 1) for child in element)


def _check_attribute(qualified: str, value: str) -> None:
    name = qualified.rpartition("}")[2]
    if qualified.startswith(XML_NS) and name in ("space", "lang"):
        return
    if qualified.startswith("{") or name not in SVG_ATTRIBUTES:  # xlink:href, on*, anything unlisted
        raise LogoRefused(SELF_CONTAINED if name == "href" else
                          f"The SVG uses the attribute “{name}”, which a logo may not use.")
    if "\\" in value:  # CSS escapes (u\72l, \40import) would hide what the checks below look for
        raise LogoRefused(f"The SVG's “{name}” holds a backslash (a CSS escape); please export it as plain SVG.")
    for target in re.findall(r"url\(([^)]*)", value, re.I):
        if not target.strip(" \t\n'\"").startswith("#"):
            raise LogoRefused(SELF_CONTAINED)
    if re.search(r"@import|expression\s*\(|javascript:|behavior", value, re.I):
        raise LogoRefused(SELF_CONTAINED)


def _length(value: str | None) -> float | None:
    match = _NUMBER.match(value or "")
    return float(match.group(1)) if match else None


def _output_size(root) -> tuple[int, int]:
    """The drawing's aspect from its viewBox (or width and height), scaled to fit MAX_OUTPUT."""
    box = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    try:
        width, height = (float(box[2]), float(box[3])) if len(box) == 4 else (None, None)
    except ValueError:
        width = height = None
    if not (width and height):
        width, height = _length(root.get("width")), _length(root.get("height"))
    if not (width and height) or width <= 0 or height <= 0:
        raise LogoRefused("The SVG has no size: give it a viewBox (or a width and height in pixels) and upload it again.")
    scale = min(MAX_OUTPUT[0] / width, MAX_OUTPUT[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _draw(data: bytes, width: int, height: int) -> bytes:
    """Draw a checked SVG to PNG in a child process that stops at RENDER_CPU_SECONDS and RENDER_MEMORY."""
    try:
        done = subprocess.run([sys.executable, "-c", _RENDERER, str(width), str(height)], input=data,
                              capture_output=True, timeout=RENDER_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        done = None
    if done is None or done.returncode != 0 or not done.stdout.startswith(PNG_MAGIC):
        raise LogoRefused("The SVG could not be drawn within the time and memory a logo may take; please simplify "
                          "it or upload a PNG.")
    return done.stdout
