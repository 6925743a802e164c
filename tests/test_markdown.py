"""User Markdown is rendered through one allow-list sanitiser: structure survives, active content never does."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from factories import PAYLOADS, assert_inert
from markupsafe import Markup

from app.report.markdown import render


@pytest.mark.parametrize("payload", PAYLOADS)
def test_active_content_never_survives(payload):
    html = render(payload)
    assert isinstance(html, Markup)
    assert_inert(html)


def test_links_keep_their_target_and_get_a_safe_rel():
    page = BeautifulSoup(render('<a href="http://x" onclick="y">z</a> and [site](https://example.com)'), "html.parser")
    links = page.find_all("a")
    assert [a["href"] for a in links] == ["http://x", "https://example.com"]
    assert all(a["rel"] == ["noopener", "noreferrer"] for a in links)
    assert not links[0].has_attr("onclick")


def test_relative_and_script_links_lose_their_href_but_keep_their_text():
    page = BeautifulSoup(render("[x](javascript:alert(1)) [home](/r/other-token/)"), "html.parser")
    assert [a.get_text() for a in page.find_all("a")] == ["x", "home"]
    assert not any(a.has_attr("href") for a in page.find_all("a"))


def test_structure_survives():
    text = ("# Title\n\n## Part\n\n### Detail\n\nSome **bold**, *italic* and `code`.\n\n- one\n- two\n\n1. first\n\n"
            "> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[mail](mailto:cs@example.com)")
    page = BeautifulSoup(render(text), "html.parser")
    # The page owns h1 and h2: a user's top headings become h3 and h4.
    assert [h.name for h in page.find_all(["h1", "h2", "h3", "h4"])] == ["h3", "h4", "h3"]
    assert page.find("strong").get_text() == "bold" and page.find("em").get_text() == "italic"
    assert page.find("code").get_text() == "code"
    assert len(page.find("ul").find_all("li")) == 2 and page.find("ol") and page.find("blockquote")
    assert [td.get_text() for td in page.select("table td")] == ["1", "2"]
    assert page.find("a")["href"] == "mailto:cs@example.com"


def test_plain_text_is_escaped_and_empty_input_is_empty():
    assert "a &lt; b &amp;&amp; c" in render("a < b && c")
    assert render(None) == Markup("") and render("") == Markup("")
