"""The built site in a real browser: every page loads without console errors, every image loads, every internal
link (and its #fragment) resolves; the dashboard, the notebook pages, the gallery and the data pages hold what
they should. Saves a screenshot of every page under _build/screenshots/."""
from __future__ import annotations

import json
import re
import tomllib
from urllib.parse import urldefrag, urlparse

from sitetools import PATHS, SCREENSHOTS, SITE, VIEWPORT, site_pages

from factcheck.claims import ledger
from factcheck.claims.notebook_verdicts import collect, notebook_files
from factcheck.data import catalog, manifest

LOAD_ALL = "Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode().catch(() => null); }))"
BROKEN_IMAGES = "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
LINKS = "[...document.querySelectorAll('a[href]')].map(a => a.href)"


def _ids(html_file) -> set[str]:
    text = html_file.read_text(encoding="utf-8")
    return set(re.findall(r'\b(?:id|name)="([^"]+)"', text))


def test_every_page_loads_clean_with_its_images_and_working_links(page, site_url):
    problems, links, images = [], set(), 0
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages = site_pages()
    for rel in pages:
        errors.clear()
        page.goto(site_url + rel.as_posix(), wait_until="load")
        page.wait_for_load_state("networkidle")
        problems += [f"{rel}: console error: {e}" for e in errors]
        page.evaluate(LOAD_ALL)  # lazy images too
        problems += [f"{rel}: image did not load: {src}" for src in page.evaluate(BROKEN_IMAGES)]
        images += page.evaluate("document.images.length")
        links |= {href for href in page.evaluate(LINKS) if href.startswith(site_url)}
        shot = SCREENSHOTS / rel.with_suffix(".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
    ids_cache = {}
    for href in sorted(links):
        url, fragment = urldefrag(href)
        path = SITE / urlparse(url).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            problems.append(f"broken link: {href}")
        elif fragment and path.suffix == ".html":
            ids = ids_cache.setdefault(path, _ids(path))
            if fragment not in ids:
                problems.append(f"link to a missing section: {href}")
    print(f"\nsite: {len(pages)} pages, {images} images, {len(links)} internal links checked")
    assert not problems, "\n".join(problems)


def test_dashboard_lists_every_claim_with_the_verdict_its_notebook_computed(page, site_url):
    page.goto(site_url + "index.html")
    rows = page.eval_on_selector_all("tr.fc-claim", "rs => rs.map(r => [r.dataset.claim, r.dataset.verdict])")
    computed = collect(notebook_files(PATHS))
    assert dict(rows) == {cid: computed.get(cid, "pending") for cid in ledger()["claims"]}
    assert [cid for cid, _ in rows] == list(ledger()["claims"])


def test_each_notebook_page_shows_its_summary_card_without_scrolling_and_folds_its_code(page, site_url):
    checked = {e["notebook"] for e in ledger()["claims"].values()}
    for nb in notebook_files(PATHS):
        page.goto(site_url + f"notebooks/{nb.stem}.html")
        ran = json.loads(nb.read_text(encoding="utf-8"))
        code_cells = sum(c["cell_type"] == "code" for c in ran["cells"])
        assert page.locator("details.hide.above-input").count() == code_cells, f"{nb.name}: code not folded"
        if nb.name not in checked:
            continue
        card = page.locator(".fc-summary").first
        box = card.bounding_box()
        assert box is not None and card.is_visible(), nb.name
        assert box["y"] + 60 < VIEWPORT["height"], f"{nb.name}: the summary card starts at {box['y']:.0f} px"


def test_gallery_shows_every_figure(page, site_url):
    page.goto(site_url + "gallery.html")
    shown = set(page.eval_on_selector_all(".fc-figure img", "imgs => imgs.map(i => i.getAttribute('src'))"))
    assert shown == {f"figures/{p.stem}.png" for p in PATHS.figures.glob("*.png")}
    assert not list(PATHS.figures.glob("*-narrow.png"))  # the phone drawing is SVG only
    captions = page.eval_on_selector_all(".fc-figure figcaption", "cs => cs.map(c => c.innerText)")
    assert all("Data: " in c and "notebook" in c for c in captions)


def test_every_dataset_has_a_page_with_its_trail_and_csv(page, site_url):
    built_tables = manifest.read(PATHS)["tables"]
    for tid in catalog.catalog()["tables"]:
        response = page.goto(site_url + f"data/{tid}.html")
        assert response.ok, tid
        spec = catalog.table_spec(tid)
        headings = page.eval_on_selector_all("article h1", "hs => hs.map(h => h.innerText)")
        assert [h.replace("’", "'").rstrip("#").strip() for h in headings] == [spec["title"]], tid
        assert page.locator(f"code:text-is('{tid}')").count() >= 1, tid
        built = tid in built_tables  # curated tables are kept in data/curated/, built ones in data/processed/
        assert built == catalog.table_file(tid).is_file(), tid
        assert page.locator("a.fc-csv").count() == int(built), tid
        if built:
            href = page.locator("a.fc-csv").evaluate("a => a.href")
            assert href.endswith("/" + built_tables[tid]["output"]["path"]), (tid, href)
            assert page.request.get(href).ok, tid


PHONE = {"width": 390, "height": 844}


def test_no_page_scrolls_sideways_on_a_phone(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wide = []
    for rel in site_pages():
        page.goto(site_url + rel.as_posix(), wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{rel}: {width} px wide")
        if rel.parts[0] in ("notebooks", "index.html", "gallery.html"):
            shot = SCREENSHOTS / "phone" / rel.with_suffix(".png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
    context.close()
    assert not wide, "pages that scroll sideways at 390 px:\n" + "\n".join(wide)


def test_each_claim_notebook_shows_its_first_verdict_whole_on_a_phones_first_screen(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    checked = {e["notebook"] for e in ledger()["claims"].values()}
    for nb in notebook_files(PATHS):
        if nb.name not in checked:
            continue
        page.goto(site_url + f"notebooks/{nb.stem}.html")
        box = page.locator(".fc-summary .fc-badge").first.bounding_box()
        assert box is not None and box["y"] >= 0, nb.name
        assert box["y"] + box["height"] <= PHONE["height"], f"{nb.name}: the first badge ends at " \
                                                             f"{box['y'] + box['height']:.0f} px"
    context.close()


SIZES = """[...document.querySelectorAll('a.fc-chart img')].map(i => ({src: i.currentSrc, width: i.clientWidth,
  href: i.closest('a').getAttribute('href'), alt: i.alt, d: {...i.dataset}}))"""


def chart_text_px(chart: dict) -> float:
    """The smallest text of a chart as drawn on screen, in CSS px: its size in points over the figure's width in
    inches, scaled to the width the image is shown at."""
    layout = "narrow" if "-narrow." in chart["src"] else "wide"
    return float(chart["d"][f"{layout}Pt"]) / 72 * chart["width"] / float(chart["d"][f"{layout}In"])


def test_every_chart_is_legible_on_a_phone_and_opens_full_size(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    seen, small = 0, []
    for rel in ["gallery.html"] + [f"notebooks/{nb.stem}.html" for nb in notebook_files(PATHS)]:
        page.goto(site_url + rel, wait_until="load")
        page.evaluate(LOAD_ALL)
        for chart in page.evaluate(SIZES):
            seen += 1
            assert chart["href"].endswith(".svg") and chart["alt"] and not chart["alt"].endswith(".png"), chart
            px = chart_text_px(chart)
            if px < 8:
                small.append(f"{rel}: {chart['src']}: smallest text {px:.1f} px")
    context.close()
    assert seen >= 2 * len(list(PATHS.figures.glob("*-narrow.svg"))), seen
    assert not small, "\n".join(small)


def test_every_claim_has_a_claim_review_with_the_fields_google_requires(page, site_url):
    import jsonschema

    schema = {  # Google's structured-data guidelines for ClaimReview: required and recommended properties
        "type": "object",
        "required": ["@context", "@type", "url", "claimReviewed", "reviewRating", "author", "datePublished",
                     "itemReviewed"],
        "properties": {
            "@type": {"const": "ClaimReview"}, "url": {"type": "string", "pattern": "^https://.+#.+"},
            "claimReviewed": {"type": "string", "minLength": 1},
            "author": {"type": "object", "required": ["@type", "name"]},
            "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "reviewRating": {"type": "object", "required": ["@type", "alternateName", "ratingValue", "bestRating",
                                                            "worstRating"],
                             "properties": {"ratingValue": {"type": "integer", "minimum": 1, "maximum": 5}}},
            "itemReviewed": {"type": "object", "required": ["@type", "author", "datePublished", "appearance"],
                             "properties": {"@type": {"const": "Claim"},
                                            "author": {"type": "object", "required": ["@type", "name"]},
                                            "appearance": {"type": "object", "required": ["url"]}}}},
    }
    reviews = []
    for nb in notebook_files(PATHS):
        page.goto(site_url + f"notebooks/{nb.stem}.html")
        for block in page.eval_on_selector_all("script[type='application/ld+json']", "ss => ss.map(s => s.text)"):
            for review in json.loads(block):
                jsonschema.validate(review, schema)
                url, fragment = urldefrag(review["url"])
                assert url.endswith(f"notebooks/{nb.stem}.html") and page.locator(f"[id='{fragment}']").count(), url
                reviews.append(review)
    checked = {cid for cid, e in ledger()["claims"].items() if e["status"] == "checked"}
    assert len(reviews) == len(checked)
    assert sorted(r["reviewRating"]["alternateName"] for r in reviews) == \
        sorted(collect(notebook_files(PATHS)).values())


def test_pages_carry_share_tags_a_sitemap_and_the_verdicts_as_data(page, site_url):
    base = tomllib.loads((PATHS.root / "pyproject.toml").read_text())["project"]["urls"]["Homepage"]
    for rel in site_pages():
        page.goto(site_url + rel.as_posix())
        tags = dict(page.eval_on_selector_all("meta[property^='og:'], meta[name^='twitter:']",
                                              "ms => ms.map(m => [m.getAttribute('property') || m.name, m.content])"))
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card", "twitter:image"):
            assert tags.get(key), (rel, key)
        assert tags["og:image"].startswith(base) and tags["og:url"].startswith(base), rel
        image = SITE / tags["og:image"].removeprefix(base)
        assert image.is_file(), (rel, tags["og:image"])
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"<loc>{base}{rel.as_posix()}</loc>" in sitemap for rel in site_pages() if rel.name != "404.html")
    page.goto(site_url + "index.html")
    for name in ("verdicts.json", "verdicts.csv"):
        href = page.locator(f"a[href='{name}']").evaluate("a => a.href")
        assert page.request.get(href).ok, name
    claims = json.loads((SITE / "verdicts.json").read_text(encoding="utf-8"))["claims"]
    assert [c["claim"] for c in claims] == list(ledger()["claims"])
