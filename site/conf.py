"""Sphinx configuration of the project's site (built by `make site`, i.e. `factcheck-site`).

The pages themselves are written into _build/site-src/ by factcheck.publish.site from the committed notebooks, which
are rendered as they are, never executed.
"""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

project = "Fact-checking CNN, 7 April 2023"
author = "The factcheck-cnn-2023-04-07 authors"
copyright = "2026, " + author
extensions = ["myst_nb", "sphinx_sitemap", "factcheck.publish.pages"]
exclude_patterns = ["_extra", "**.ipynb_checkpoints"]
html_extra_path = [str(ROOT / "_build" / "site-src" / "_extra")]
html_baseurl = PROJECT["urls"]["Homepage"]  # the one configured address: sitemap, share images, ClaimReview
sitemap_url_scheme = "{link}"

nb_execution_mode = "off"  # the committed outputs are the published ones
nb_code_prompt_show = "Show the code"
nb_code_prompt_hide = "Hide the code"
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["factcheck.css"]
html_favicon = "_static/favicon.svg"
html_context = {"default_mode": "light"}
html_use_index = False
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "repository_url": PROJECT["urls"]["Repository"],
    "use_repository_button": True,
    "use_download_button": False,
    "path_to_docs": "notebooks",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "navbar_persistent": [],  # one search box (the sidebar's), not two
}
