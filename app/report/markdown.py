"""User Markdown -> sanitised HTML, in one function used wherever user text is shown (pure Python).

Rendering is bounded: python-markdown scans forward from every unmatched bracket, so a few
thousand "[" cost it seconds to minutes, and deeply nested blocks break the PDF layout. Text that
is too long, too deeply nested or too bracket-heavy is shown escaped, as written, instead.
"""
from __future__ import annotations

import re

import markdown as _markdown
import nh3
from markupsafe import Markup, escape

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

# The bounds. Forms should refuse text longer than MAX_MARKDOWN_CHARS (the charter form does).
MAX_MARKDOWN_CHARS = 10_000
MAX_NESTING_DEPTH = 12  # HTML elements inside one another (a list in a list in a quote is 6)
# Characters python-markdown scans from each bracket to its partner (or the end): about a
# quarter of a microsecond each, so this keeps the worst case near 50 ms.
MAX_BRACKET_WORK = 200_000
_QUOTE_PREFIX = re.compile(r"^[ \t>]*")
_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*?(/?)>")
_VOID = {"br", "hr"}
NESTING_PROBLEM = "The text nests lists, quotes or brackets too deeply to format; simplify it."
FALLBACK_NOTE = "This text is too long or too complex to format, so it is shown as written."


def _safe_url(tag: str, attribute: str, value: str) -> str | None:
    """Keep a link only when it is absolute with an allowed scheme (relative links mean nothing in a PDF)."""
    if attribute != "href":
        return value
    match = _SCHEME.match(value.strip())
    return value if match and match.group(1).lower() in URL_SCHEMES else None


def _bracket_work(text: str) -> int:
    """How far python-markdown's link parser would scan: the distance from each "[" or "(" to its partner, in one pass."""
    work, open_at = 0, {"[": [], "(": []}
    partner = {"]": "[", ")": "("}
    for index, char in enumerate(text):
        if char in open_at:
            open_at[char].append(index)
        elif char in partner and open_at[partner[char]]:
            work += index - open_at[partner[char]].pop()
    return work + sum(len(text) - index for stack in open_at.values() for index in stack)


def _quote_depth(text: str) -> int:
    """The deepest blockquote nesting in the source ("> > >" is three)."""
    return max((_QUOTE_PREFIX.match(line).group(0).count(">") for line in text.splitlines()), default=0)


def _html_depth(html: str) -> int:
    """The deepest element nesting of (well-formed, sanitised) HTML, in one pass."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


def _check(text: str) -> str | None:
    """The cheap checks, before any Markdown work."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"Keep the text under {MAX_MARKDOWN_CHARS:,} characters."
    if _quote_depth(text) > MAX_NESTING_DEPTH or _bracket_work(text) > MAX_BRACKET_WORK:
        return NESTING_PROBLEM
    return None


def _sanitised(text: str) -> str:
    html = _markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{_DEMOTE[m.group(2)]}>", html)
    return nh3.clean(
        html, tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
        attribute_filter=_safe_url, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", strip_comments=True,
    )


def _attempt(text: str) -> tuple[str | None, str]:
    """(why the text cannot be formatted or None, the sanitised HTML when it can)."""
    found = _check(text)
    if found:
        return found, ""
    html = _sanitised(text)
    if _html_depth(html) > MAX_NESTING_DEPTH:
        return NESTING_PROBLEM, ""
    return None, html


def problem(text: str | None) -> str | None:
    """Why this text would be shown unformatted (a sentence for the user), or None when it renders as Markdown."""
    return _attempt(text or "")[0]


def plain(text: str) -> Markup:
    """Text escaped as written, paragraphs kept: what is shown when Markdown is out of bounds."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = "".join(f"<p>{Markup('<br>').join(escape(line) for line in p.splitlines())}</p>" for p in paragraphs)
    return Markup(f"<p><em>{FALLBACK_NOTE}</em></p>{body}")


def render(text: str | None) -> Markup:
    """Markdown -> HTML -> allow-list sanitised Markup, safe to insert into any page or report; bounded work."""
    text = text or ""
    found, html = _attempt(text)
    return plain(text) if found else Markup(html)
