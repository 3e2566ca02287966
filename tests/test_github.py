"""The notebooks as GitHub shows them: an approximation of GitHub's renderer and sanitiser (markdown to HTML; each
output as its HTML, else its Markdown, else its image or text; then no style, class, id, script or style element,
only GitHub's allowed tags; headings anchored by GitHub's slug rule). Every claim link of the summary cards, of
notebook 00's table and of the README must land on a heading, and every card must still read."""
import json
import re
from pathlib import Path

import bleach
import mistune
import pytest

from factcheck.claims import ledger
from factcheck.claims.cards import MIMETYPE
from factcheck.paths import Paths

PATHS = Paths.default()
NOTEBOOKS = sorted(PATHS.notebooks.glob("*.ipynb"))
# GitHub's allow-list (html-pipeline's SanitizationFilter), without the attributes it strips (style, class, id)
TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "br", "b", "i", "strong", "em", "a", "pre", "code", "img", "tt", "div",
        "ins", "del", "sup", "sub", "p", "ol", "ul", "table", "thead", "tbody", "tfoot", "blockquote", "dl", "dt",
        "dd", "kbd", "q", "samp", "var", "hr", "li", "tr", "td", "th", "s", "strike", "summary", "details", "caption",
        "figure", "figcaption", "abbr", "cite", "mark", "small", "span", "time"]
ATTRIBUTES = {"a": ["href"], "img": ["src", "alt", "width", "height"], "td": ["colspan", "rowspan"],
              "th": ["colspan", "rowspan"]}
HEADING = re.compile(r"<h[1-6]>(.*?)</h[1-6]>", re.S)
markdown = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])  # GitHub-flavoured, raw HTML kept


def github_slug(text: str) -> str:
    """GitHub's heading anchor: the heading's text in lower case, punctuation removed, spaces as hyphens."""
    plain = re.sub(r"<[^>]+>", "", text)
    plain = re.sub(r"&[a-z]+;|&#\d+;", "", plain)
    return re.sub(r"[^\w\- ]", "", plain.strip().lower()).replace(" ", "-")


def output_html(out: dict) -> str:
    data = out.get("data", {})
    if "text/html" in data:
        return "".join(data["text/html"])
    if "text/markdown" in data:
        return markdown("".join(data["text/markdown"]))
    if "image/png" in data:
        alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
        return f'<img src="data:image/png;base64,..." alt="{alt}">'
    return f"<pre>{''.join(out.get('text', '') or data.get('text/plain', ''))}</pre>"


def as_github_shows(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append(markdown("".join(cell["source"])))
        else:
            parts += [output_html(o) for o in cell.get("outputs", [])]
    raw = re.sub(r"<(script|style)\b.*?</\1>", "", "\n".join(parts), flags=re.S | re.I)
    return bleach.clean(raw, tags=TAGS, attributes=ATTRIBUTES, strip=True)


def anchors(html: str) -> set[str]:
    return {github_slug(h) for h in HEADING.findall(html)}


@pytest.fixture(scope="module")
def shown() -> dict[str, str]:
    return {p.name: as_github_shows(json.loads(p.read_text(encoding="utf-8"))) for p in NOTEBOOKS}


def test_the_sanitiser_approximation_strips_what_github_strips():
    html = as_github_shows({"cells": [{"cell_type": "code", "outputs": [{"data": {"text/html": (
        '<style>.x{color:red}</style><div class="c" id="d" style="color:red"><a href="#h">go</a>'
        '<script>alert(1)</script></div>')}}]}, {"cell_type": "markdown", "source": "## C18a · From roubles: which?"}]})
    assert html.startswith('<div><a href="#h">go</a></div>') and "color" not in html and "alert" not in html
    assert anchors(html) == {"c18a--from-roubles-which"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_claim_link_lands_on_a_heading_and_every_card_still_reads(path, shown):
    html = shown[path.name]
    targets = anchors(html)
    links = re.findall(r'href="#([^"]+)"', html)
    mine = [cid for cid, e in ledger()["claims"].items() if e["notebook"] == path.name]
    assert len(links) >= len(mine)  # the summary card links each of its claims
    assert all(link in targets for link in links), sorted(set(links) - targets)
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            card = out.get("data", {}).get(MIMETYPE)
            if card:
                text = re.sub(r"<[^>]+>", " ", bleach.clean("".join(out["data"]["text/html"]), tags=TAGS,
                                                            attributes=ATTRIBUTES, strip=True))
                for claim in card["claims"]:
                    assert claim["id"] in text and claim["verdict"] in text, (path.name, claim["id"])


def test_the_readmes_claim_links_land_on_their_notebooks_headings(shown):
    readme = (PATHS.root / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(notebooks/(\d\d_\w+\.ipynb)#([^)]+)\)", readme)
    assert len(links) == len(ledger()["claims"])
    for notebook, fragment in links:
        assert fragment in anchors(shown[notebook]), (notebook, fragment)
    assert all(Path(PATHS.notebooks / n).is_file() for n, _ in links)
