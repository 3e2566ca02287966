"""How the site names what it folds and what scrolls (pure functions, no browser): each code toggle says what its
code makes, and two scrolling tables with the same caption are regions a screen reader can tell apart."""
from factcheck.publish import pages, site


def _code(outputs=()):
    return {"cell_type": "code", "metadata": {}, "outputs": list(outputs), "source": "x = 1"}


def test_each_code_toggle_is_named_for_what_its_code_makes():
    nb = {"cells": [_code(), {"cell_type": "markdown", "metadata": {}, "source": "Text"}, _code(),
                    _code([{"output_type": "display_data", "data": {"text/markdown": "**1**"}}])]}
    tags = [c["metadata"]["tags"] for c in site.page_notebook(nb)["cells"] if c["cell_type"] == "code"]
    assert [next(t for t in ts if t.startswith("fc-shows-")) for ts in tags] == \
        ["fc-shows-the-set-up", "fc-shows-a-computation", "fc-shows-the-sentence"]
    assert all("hide-input" in ts for ts in tags)


def test_toggles_read_their_names_and_repeated_regions_are_numbered():
    body = ('<div class="cell tag_fc-shows-a-computation"><details class="hide above-input"><summary>'
            '<p class="collapsed">Show code</p></summary></details></div>'
            + '<div class="fc-scroll" role="region" aria-label="Events" tabindex="0"></div>' * 3)
    out = pages.finish(body)
    assert 'aria-label="Show the code behind a computation"' in out and ">Show the code behind a computation<" in out
    assert [f'aria-label="Events{n}"' in out for n in ("", " (2)", " (3)")] == [True, True, True]
