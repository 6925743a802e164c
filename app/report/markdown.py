"""User Markdown -> sanitised HTML, in one function used wherever user text is shown (pure Python)."""
from __future__ import annotations

import re

import markdown as _markdown
import nh3
from markupsafe import Markup

# The allow-list: text structure only. No images (they can fetch URLs, including file:), no
# script/style/iframe, no class/style/id or event-handler attributes.
TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
# The page or report owns h1 and h2, so a user's top headings become sub-headings below them.
_DEMOTE = {"1": "3", "2": "4"}
_HEADING = re.compile(r"<(/?)h([12])>")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _safe_url(tag: str, attribute: str, value: str) -> str | None:
    """Keep a link only when it is absolute with an allowed scheme (relative links mean nothing in a PDF)."""
    if attribute != "href":
        return value
    match = _SCHEME.match(value.strip())
    return value if match and match.group(1).lower() in URL_SCHEMES else None


def render(text: str | None) -> Markup:
    """Markdown -> HTML -> allow-list sanitised Markup, safe to insert into any page or report."""
    html = _markdown.markdown(text or "", extensions=_EXTENSIONS, output_format="html")
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{_DEMOTE[m.group(2)]}>", html)
    clean = nh3.clean(
        html, tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
        attribute_filter=_safe_url, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", strip_comments=True,
    )
    return Markup(clean)
