"""What the browser tests share: where the site and the screenshots are, the viewport, Chromium's path and
flags, the project's paths and the list of the site's pages."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from factcheck.paths import Paths

PATHS = Paths.default()
SITE = PATHS.root / "_build" / "html"
SCREENSHOTS = PATHS.root / "_build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
# as root in a container, and with no network: no sandbox, no background connections
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def site_pages() -> list[Path]:
    return sorted(p.relative_to(SITE) for p in SITE.rglob("*.html") if "_static" not in p.parts)
