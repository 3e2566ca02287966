"""A Sphinx extension (site/conf.py loads it) that finishes every page for its readers as Sphinx writes it:

- link previews and fact-check crawlers: Open Graph and Twitter card tags (the page's share image at an absolute
  address), a canonical link, and on each notebook page a schema.org ClaimReview in JSON-LD for every claim it
  decides (what factcheck-site put in _meta.json);
- screen readers and keyboards: each "Show the code" toggle named for what its code makes ("Show the code behind
  the chart"), the sidebar's section toggles named and its title and search inside a landmark, every scrolling
  table inside a named region (unique on its page) a keyboard can reach.

Reads _build/site-src/_meta.json; changes the HTML of each page, nothing else.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from bs4 import BeautifulSoup

_META: dict[str, dict] = {}  # source folder -> the site's _meta.json


def _meta(srcdir: str) -> dict:
    if srcdir not in _META:
        _META[srcdir] = json.loads((Path(srcdir) / "_meta.json").read_text(encoding="utf-8"))
    return _META[srcdir]


def _tag(prop: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{prop}" content="{html.escape(content, quote=True)}" />'


def share_tags(meta: dict, pagename: str, title: str) -> str:
    """The head tags of one page: Open Graph, Twitter card, canonical address, and the page's ClaimReviews."""
    page = meta["pages"].get(pagename, {})
    url = meta["site"] + ("" if pagename == "index" else f"{pagename}.html")
    title = page.get("title") or BeautifulSoup(title or "", "html.parser").get_text() or pagename.split("/")[-1].title()
    description = page.get("description", f"{title}: part of a fact-check of CNN's article of 7 April 2023, set "
                                          f"beside public data.")
    image = page.get("image", meta["default_image"])
    tags = [f'<link rel="canonical" href="{html.escape(url, quote=True)}" />',
            _tag("og:type", "article"), _tag("og:site_name", "Fact-checking CNN, 7 April 2023"),
            _tag("og:title", title), _tag("og:description", description), _tag("og:url", url),
            _tag("og:image", image), _tag("og:image:alt", f"The main chart of {title}"),
            _tag("twitter:card", "summary_large_image", "name"), _tag("twitter:title", title, "name"),
            _tag("twitter:description", description, "name"), _tag("twitter:image", image, "name")]
    if page.get("claims"):
        data = json.dumps(page["claims"], ensure_ascii=False, indent=1).replace("</", "<\\/")
        tags.append(f'<script type="application/ld+json">{data}</script>')
    return "\n".join(tags) + "\n"


def finish(body: str) -> str:
    """A page's body with every code toggle named for what its code makes, and every scrolling table reachable, in
    a region whose name is unique on the page (a repeated caption is numbered)."""
    soup = BeautifulSoup(body, "html.parser")
    for toggle in soup.select("details.hide.above-input"):
        cell = toggle.find_parent("div", class_="cell")
        shows = next((c.removeprefix("tag_fc-shows-").replace("-", " ") for c in (cell.get("class", []) if cell
                      else []) if c.startswith("tag_fc-shows-")), "the output")
        summary = toggle.find("summary")
        summary["aria-label"] = f"Show the code behind {shows}"
        for p, verb in (("collapsed", "Show"), ("expanded", "Hide")):
            label = summary.find("p", class_=p)
            if label is not None:
                label.string = f"{verb} the code behind {shows}"
    for wrapper in soup.select("div.pst-scrollable-table-container"):
        wrapper["tabindex"] = "0"
        wrapper["role"] = "region"
        caption = wrapper.find("caption")
        wrapper["aria-label"] = caption.get_text(" ", strip=True) if caption else "table"
    seen: dict[str, int] = {}
    for region in soup.select('[role="region"][aria-label]'):  # landmarks a screen reader can tell apart
        label = region["aria-label"]
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            region["aria-label"] = f"{label} ({seen[label]})"
    return str(soup)


def on_page(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    meta = _meta(app.srcdir)
    context["metatags"] = context.get("metatags", "") + share_tags(meta, pagename, context.get("title", ""))
    if "body" in context:
        context["body"] = finish(context["body"])


SIDEBAR = {  # the theme's markup -> the same with a name a screen reader can say
    '<summary><span class="toctree-toggle" role="presentation">':  # a section toggle (an icon only)
        '<summary aria-label="Show the pages in this section"><span class="toctree-toggle" role="presentation">',
    '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">':  # the title and search: in a landmark
        '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="complementary" '
        'aria-label="The site: title, search and pages">',
}


def name_sidebar(app, exception) -> None:
    """The sidebar of every page: its section toggles named, its title and search inside a landmark."""
    if exception is not None:
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = text
        for plain, named in SIDEBAR.items():
            new = new.replace(plain, named)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app) -> dict:
    app.connect("html-page-context", on_page)
    app.connect("build-finished", name_sidebar)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
