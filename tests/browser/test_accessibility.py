"""axe-core (pinned through axe-playwright-python) on every page of the site, at 1280 and 390 px wide, in the light
and the dark theme: no violation of any impact (critical, serious, moderate or minor). Prints the counts."""
from __future__ import annotations

import collections

import pytest
from sitetools import site_pages

THEMES = ("light", "dark")
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_accessibility_violation(browser, site_url, theme, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=WIDTHS[width])
    context.add_init_script(f"localStorage.setItem('theme', '{theme}'); localStorage.setItem('mode', '{theme}');")
    page = context.new_page()
    counts, found = collections.Counter(), []
    for rel in site_pages():
        page.goto(site_url + rel.as_posix(), wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == theme, rel
        for violation in axe.run(page).response["violations"]:
            counts[violation["impact"]] += len(violation["nodes"])
            node = violation["nodes"][0]
            found.append(f"{rel}: {violation['id']}, {violation['impact']} ({len(violation['nodes'])}): "
                         f"{node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    context.close()
    print(f"\naxe-core, {theme} theme, {width}: {dict(counts) or 'no violations'} over {len(site_pages())} pages")
    assert not found, "\n".join(found[:20])
