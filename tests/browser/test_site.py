"""The built site in a real browser: every page loads without console errors, every image loads, every internal
link (and its #fragment) resolves; the dashboard, the notebook pages, the gallery and the data pages hold what
they should. Saves a screenshot of every page under _build/screenshots/."""
from __future__ import annotations

import json
import re
from urllib.parse import urldefrag, urlparse

from sitetools import PATHS, SCREENSHOTS, SITE, VIEWPORT, site_pages

from factcheck.claims import ledger
from factcheck.claims.verdicts import collect, notebook_files
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
