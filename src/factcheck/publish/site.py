"""``factcheck-site``: build the static site into _build/html/ from the committed notebooks, without running them.

Reads notebooks/*.ipynb (their outputs: the verdict cards, the charts' captions, the datasets each used),
figures/, the catalog, the manifest, the tables and the ledger; writes the Sphinx source
pages into _build/site-src/ (the landing dashboard, one page per notebook with its code folded, the figure
gallery, one page per dataset), the verdicts as data (verdicts.json, verdicts.csv) and what the pages extension
needs (_meta.json: addresses, share images, each page's ClaimReview), and runs Sphinx (myst-nb,
sphinx-book-theme, :mod:`factcheck.publish.pages`; configuration in site/conf.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd

from factcheck.analysis import sources
from factcheck.charts import chart
from factcheck.charts.tables import DatasetsTable, scroll
from factcheck.claims import Verdict, cards, ledger
from factcheck.claims.ledger import table
from factcheck.claims.notebook_verdicts import collect, notebook_files
from factcheck.data import catalog, citations, manifest
from factcheck.data.builders.curated import in_use
from factcheck.data.csvio import read_csv_text
from factcheck.notebook import outputs
from factcheck.paths import Paths

DATA_LINK = re.compile(r'href=\\"\.\./data/(?:processed|curated)/(\w+)\.csv\\"')  # in a notebook's JSON text
NOTEBOOK_LINK = re.compile(r'href=\\"(\d\d_\w+)\.ipynb')


def _e(text) -> str:
    return html.escape(str(text), quote=True)


DATA_TYPES = (cards.MIMETYPE, chart.MIMETYPE, DatasetsTable.MIMETYPE)  # read by this builder, not shown


def chart_html(fig: dict, prefix: str = "../") -> str:
    """A chart for the site: the narrow drawing on phones (SVG), the wide one elsewhere (PNG), the caption as alt
    text, and a tap opening the chart full size; its layouts' sizes as data (the browser tests read them)."""
    wide, narrow = fig["layouts"]["wide"], fig["layouts"]["narrow"]
    sizes = (f'data-wide-in="{wide["width_in"]}" data-wide-pt="{wide["min_text_pt"]}" '
             f'data-narrow-in="{narrow["width_in"]}" data-narrow-pt="{narrow["min_text_pt"]}"')
    return (f'<a class="fc-chart" href="{prefix}figures/{fig["name"]}.svg" title="Open the chart full size">'
            f'<picture><source media="(max-width: 700px)" srcset="{prefix}figures/{narrow["file"]}.svg">'
            f'<img src="{prefix}figures/{wide["file"]}.png" alt="{_e(fig["caption"])}" {sizes}></picture></a>')


def _shows(outputs_: list[dict], first: bool) -> str:
    """What a code cell's outputs show, as the words of its toggle ("the chart", "the verdict card", ...); a cell
    that shows nothing is the set-up if it is the notebook's first code cell, else a computation."""
    data = [o.get("data", {}) for o in outputs_]
    if any(cards.MIMETYPE in d for d in data):
        return "the verdict card" if any(d[cards.MIMETYPE].get("card") == "summary" for d in data
                                          if cards.MIMETYPE in d) else "the verdict cards"
    if any(chart.MIMETYPE in d for d in data):
        return "the chart"
    if any(DatasetsTable.MIMETYPE in d for d in data):
        return "the list of datasets"
    if any("fc-table" in "".join(d.get("text/html", "")) for d in data):
        return "the table"
    if any("text/markdown" in d for d in data):
        return "the sentence"
    if not outputs_:
        return "the set-up" if first else "a computation"
    return "the output"


def page_notebook(nb: dict) -> dict:
    """A copy of a notebook for the site: code folded (``hide-input``) behind a toggle named for what the code
    makes, charts as responsive pictures (:func:`chart_html`), dataset ids linked to their data pages, without the
    JSON the outputs carry for this builder."""
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    for cell in code:
        shows = "fc-shows-" + _shows(cell.get("outputs", []), cell is code[0]).replace(" ", "-")  # see pages.py
        cell["metadata"]["tags"] = sorted(set(cell["metadata"].get("tags", [])) | {"hide-input", shows})
        outs = cell.get("outputs", [])
        for n, out in enumerate(outs):
            fig = out.get("data", {}).get(chart.MIMETYPE)
            if fig and n and "image/png" in outs[n - 1].get("data", {}):
                outs[n - 1] = {"output_type": "display_data", "metadata": {},
                               "data": {"text/html": chart_html(fig), "text/plain": fig["caption"]}}
        for out in outs:
            for mimetype in DATA_TYPES:
                out.get("data", {}).pop(mimetype, None)
    text = DATA_LINK.sub(r'href=\\"../data/\1.html\\"', json.dumps(nb, ensure_ascii=False))
    text = NOTEBOOK_LINK.sub(r'href=\\"\1.html', text)
    return json.loads(text)


def title(nb: dict) -> str:
    """A notebook's title: its first Markdown line, without the heading mark."""
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")["source"]
    first = "".join(first) if isinstance(first, list) else first
    return html.unescape(first.splitlines()[0].lstrip("# "))


RATING = {  # ClaimReview's numeric scale (schema.org Rating: 1 worst, 5 best), documented in the README
    Verdict.ACCURATE: 5, Verdict.NEEDS_CONTEXT: 4, Verdict.UNSUPPORTED: 3, Verdict.OPINION: 3, Verdict.INACCURATE: 1}
EXPORT_COLUMNS = ["claim", "verdict", "rating", "the article says", "what it means", "notebook", "url"]


def site_url(paths: Paths) -> str:
    """The site's address, configured once (``[project.urls] Homepage`` in pyproject.toml), ending in '/'."""
    project = tomllib.loads((paths.root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["urls"]["Homepage"].rstrip("/") + "/"


def verdict_records(paths: Paths, found: dict[str, str]) -> list[dict]:
    """Every claim with its verdict, its rating on the ClaimReview scale and the address of its section."""
    base = site_url(paths)
    return [{"claim": r.claim, "verdict": r.verdict, "rating": RATING.get(Verdict(r.verdict)) if r.verdict != "pending"
             else None, "the article says": r.words, "what it means": r.plain, "notebook": r.notebook,
             "url": f"{base}notebooks/{Path(r.notebook).stem}.html#{r.anchor}"}
            for r in table(found, paths).itertuples()]


def claim_reviews(paths: Paths, records: list[dict]) -> list[dict]:
    """A schema.org ClaimReview for every checked claim (what Google's Fact Check tools and the Duke Reporters' Lab
    read): the claim, our verdict as a rating, the article it appeared in, and who reviewed it and when."""
    doc = ledger(paths)
    article, base = doc["article"], site_url(paths)
    return [{"@context": "https://schema.org", "@type": "ClaimReview", "url": r["url"],
             "claimReviewed": r["what it means"], "datePublished": str(doc["review"]["published"]),
             "author": {"@type": "Organization", "name": doc["review"]["by"], "url": base},
             "reviewRating": {"@type": "Rating", "ratingValue": r["rating"], "bestRating": 5, "worstRating": 1,
                              "alternateName": r["verdict"]},
             "itemReviewed": {"@type": "Claim", "datePublished": str(article["date"]),
                              "author": {"@type": "Organization", "name": article["outlet"]},
                              "appearance": {"@type": "NewsArticle", "url": article["url"],
                                             "headline": article["headline"]}}}
            for r in records if r["rating"] is not None]


def dashboard(paths: Paths, records: list[dict], books: list[Path]) -> str:
    """The landing page: every claim with its verdict badge, linked to the section that decides it (a table on wide
    screens, stacked cards on phones), and the verdicts to download as data."""
    labels = ["claim", "the article says", "what it means", "verdict", "notebook"]
    rows = []
    for r in records:
        page = f"notebooks/{Path(r['notebook']).stem}.html"
        badge = cards.badge(Verdict(r["verdict"])) if r["rating"] is not None else "pending"
        cells = [f'<a href="{page}#{r["url"].split("#")[1]}">{r["claim"]}</a>', f"“{_e(r['the article says'])}”",
                 _e(r["what it means"]), badge, f'<a href="{page}">notebook {r["notebook"][:2]}</a>']
        rows.append(f'<tr class="fc-claim" data-claim="{r["claim"]}" data-verdict="{_e(r["verdict"])}">'
                    + "".join(f'<td data-label="{label}">{cell}</td>' for label, cell in zip(labels, cells)) + "</tr>")
    counts: dict[str, int] = {}
    for r in records:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    tally = " · ".join(f'{cards.mark(Verdict(v).symbol)} {n} {v}'
                       for v, n in sorted(counts.items(), key=lambda x: -x[1]) if v != "pending")
    article = ledger(paths)["article"]
    head = "".join(f"<th scope=\"col\">{label}</th>" for label in labels)
    return f"""# Fact-checking CNN, 7 April 2023: China, Russia, sanctions and the oil price cap

CNN Business, {cards.when(article['date'])}: [*{article['headline']}*]({article['url']}). We set each checkable
claim beside public data and compute a verdict; every number traces to its source. Our copy of the article was
machine-paraphrased ("spun"): [notebook 00](notebooks/00_article_and_claims.ipynb) explains, and lists the claims.

<div class="fc-dashboard tex2jax_ignore mathjax_ignore">
<p class="fc-tally">{sum(r["rating"] is not None for r in records)} claims checked: {tally}</p>
<table class="fc-claims"><caption class="fc-visually-hidden">Every claim of the article with our verdict</caption>
<thead><tr>{head}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<p class="fc-downloads">All verdicts as data: <a href="verdicts.json" download>JSON</a> ·
<a href="verdicts.csv" download>CSV</a> (each with its rating on the ClaimReview scale: 5 accurate, 4 accurate but
needs context, 3 unsupported by public data or opinion, 1 inaccurate).</p>
</div>

Each claim id links to the section of its notebook that decides it. The verdicts are those the notebooks
computed ([how we rate](notebooks/00_article_and_claims.ipynb)). Also: the [figure gallery](gallery.md) and
[the data](data/index.md), one page per dataset.

```{{toctree}}
:hidden:
:caption: Notebooks

{chr(10).join(f"notebooks/{p.stem}" for p in books)}
```

```{{toctree}}
:hidden:
:caption: Evidence

gallery
data/index
```
"""


def share_meta(paths: Paths, nb_title: dict[str, str], figures: list[tuple[str, dict]],
               reviews: list[dict]) -> dict[str, dict]:
    """What each page tells a link preview and a fact-check crawler: title, description, image (a notebook's main
    chart, else the article's headline chart), the ClaimReviews of its claims; read by factcheck.publish.pages."""
    base = site_url(paths)
    main = {}
    for nb_name, fig in figures:
        main.setdefault(Path(nb_name).stem, fig["name"])
    default = main.get("01_q1_2023_deficit", next(iter(main.values())))
    meta = {"index": {"title": "Fact-checking CNN, 7 April 2023", "description": "Every checkable claim of CNN's "
                      "article on China, Russia, sanctions and the oil price cap, set beside public data, with a "
                      "computed verdict and its sources.", "image": f"{base}figures/{default}.png", "claims": []},
            "gallery": {"title": "Figure gallery", "description": "Every chart of the fact-check, with its caption "
                        "and source line.", "image": f"{base}figures/{default}.png", "claims": []}}
    for stem, title_ in nb_title.items():
        meta[f"notebooks/{stem}"] = {
            "title": title_, "description": f"{title_}: the claims, the data, the computation and the verdicts.",
            "image": f"{base}figures/{main.get(stem, default)}.png",
            "claims": [r for r in reviews if f"/notebooks/{stem}.html#" in r["url"]]}
    return {"site": base, "default_image": f"{base}figures/{default}.png", "pages": meta}


def gallery(figures: list[tuple[str, dict]]) -> str:
    """Every figure with its caption and source line, dataset ids linked to their pages, and its notebook."""
    items = []
    for nb_name, fig in figures:
        data = ", ".join(f'<a href="data/{t}.html">{t}</a>' for t in fig["datasets"])
        items.append(f'<figure class="fc-figure" id="{fig["name"]}">{chart_html(fig, prefix="")}'
                     f'<figcaption><strong>{_e(fig["caption"])}</strong> {_e(fig["source"].split(". Data:")[0])}.'
                     f' Data: {data}. From <a href="notebooks/{Path(nb_name).stem}.html">notebook {nb_name[:2]}'
                     f'</a>. Download: <a href="figures/{fig["name"]}.svg">SVG</a> · '
                     f'<a href="figures/{fig["name"]}.png">PNG</a></figcaption></figure>')
    return ("# Figure gallery\n\nEvery chart in the notebooks, with its caption and source line. Tap or click a chart "
            "for the full-size SVG.\n\n<div class=\"fc-gallery tex2jax_ignore mathjax_ignore\">\n"
            + "\n".join(items) + "\n</div>\n")


def dated(url: str, entry: dict) -> str:
    """A catalog URL with its build-date placeholder ({today:...}) filled with the day of the last build."""
    if "{today" not in url:
        return url
    day = max((i["retrieved"] for i in entry.get("inputs", [])), default="")[:10]
    return url.format(today=dt.date.fromisoformat(day)) if day else url.split("?")[0]


def preview(paths: Paths, table_id: str, rows: int = 4) -> str:
    """The first and last rows of a table, as an HTML table."""
    path = catalog.table_file(table_id, paths)
    if not path.is_file():
        return ""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    part = pd.concat([df.head(rows), df.tail(rows)]) if len(df) > 2 * rows else df
    head = "".join(f"<th>{_e(c)}</th>" for c in part.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in r) + "</tr>" for r in part.itertuples(index=False))
    gap = f"<p>The first and last {rows} of {len(df):,} rows:</p>" if len(df) > 2 * rows else ""
    return f'<h2>The data</h2>{gap}' + scroll(f"{table_id}, first and last rows",
                                               f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def source_quality(paths: Paths, table_id: str) -> str:
    """A curated table's rows counted by source tier, who reported them (outlet and kind of source), the used rows
    that rest on an aggregator (with why nothing better exists) and the rows set aside (with why)."""
    pol = citations.policy(paths)
    path = catalog.table_file(table_id, paths)
    text = read_csv_text(path, f"table {table_id}").fillna("")
    if "source_url" not in text.columns:
        return ""
    counts = sources.tier_counts(text, pol)
    words = {**pol.tiers, "none": "no page cited (rows set aside)"}
    tiers = "".join(f"<tr><td>{_e(t)}</td><td>{_e(words[t])}</td><td>{r.rows}</td><td>{r.used}</td></tr>"
                    for t, r in counts.iterrows() if r.rows)
    who = "".join(f"<tr><td>{_e(r.outlet)}</td><td>{_e(r.kind)}</td><td>{_e(r.tier)}</td><td>{_e(r.state)}</td>"
                  f"<td>{r.rows}</td></tr>" for r in sources.outlets(text, pol).itertuples())
    used = in_use(text)
    weak = [(i + 2, r) for i, r in text.iterrows() if used[i] and r.get("why_no_better_source")]
    aside = [(i + 2, r) for i, r in text.iterrows() if r.get("analysis_choice") == "set_aside"]
    lists = ""
    if weak:
        lists += ("<h3>Rows resting on an aggregator</h3><ul>" + "".join(
            f"<li>row {n}: {_e(r['reported_by'])} — why nothing better: {_e(r['why_no_better_source'])}</li>"
            for n, r in weak) + "</ul>")
    if aside:
        lists += ("<h3>Rows set aside for want of an acceptable source</h3><ul>" + "".join(
            f"<li>row {n}: {_e(r['choice_reason'])}</li>" for n, r in aside) + "</ul>")
    return ('<h2>How good are its sources</h2><p>Each row counted by the best page it cites (the tiers of '
            '<code>data/source_policy.yaml</code>); "used" are the rows the analysis uses.</p>'
            + scroll("rows by source tier", f'<table><thead><tr><th>tier</th><th>what it means</th><th>rows</th>'
                                            f'<th>used</th></tr></thead><tbody>{tiers}</tbody></table>')
            + '<h3>Who reported these figures</h3>'
            + scroll("outlets cited", f'<table><thead><tr><th>outlet</th><th>what kind of source</th><th>tier</th>'
                                      f'<th>state media</th><th>rows citing it</th></tr></thead><tbody>{who}</tbody>'
                                      f'</table>') + lists)


def data_page(paths: Paths, table_id: str, used_in: list[str], titles: dict[str, str]) -> str:
    """One dataset: what it holds, where it comes from (publisher, licence, URLs, builder, inputs with sha256),
    the notebooks that use it, its columns, and its CSV."""
    spec = catalog.table_spec(table_id, paths)
    source = catalog.source_spec(spec["source"], paths)
    entry = manifest.read(paths)["tables"].get(table_id, {})
    out = entry.get("output", {})
    urls = [(f.get("name"), dated(f.get("url") or f.get("landing") or f.get("path"), entry)) for f in
            source.get("files", []) + source.get("mirror_files", [])]
    links = "".join(f'<li><a href="{_e(u)}">{_e(n)}</a>: <code>{_e(u)}</code></li>' if str(u).startswith("http")
                    else f"<li>{_e(n)}: <code>{_e(u)}</code> (in the repository)</li>" for n, u in urls)
    inputs = "".join(f"<tr><td>{_e(i['name'])}</td><td>{_e(i['via'])}</td><td>{_e(i['retrieved'])}</td>"
                     f"<td><code>{_e(i['sha256'])}</code></td></tr>" for i in entry.get("inputs", []))
    columns = "".join(f"<tr><td><code>{_e(c)}</code></td><td>{_e(col['type'])}</td>"
                      f"<td>{_e(col.get('description', ''))}</td></tr>" for c, col in spec["columns"].items())
    users = ", ".join(f'<a href="../notebooks/{Path(n).stem}.html">{_e(titles.get(n, n))}</a>' for n in used_in) \
        or "none of the published notebooks"
    notes = "".join(f"<li>{_e(n)}</li>" for n in entry.get("notes", []))
    where = out.get("path", "")  # data/processed/<id>.csv, or data/curated/<id>.csv where it is kept
    csv = (f'<a class="fc-csv" href="{where.removeprefix("data/")}" download>{where}</a> '
           f"(sha256 <code>{_e(out.get('sha256', ''))}</code>)")
    return f"""# {spec['title']}

<div class="fc-datapage tex2jax_ignore mathjax_ignore">
<p class="fc-lead">Dataset id <code>{table_id}</code>: the name charts and notebooks use for it.</p>
<table class="fc-facts"><tbody>
{f"<tr><th>about</th><td>{_e(spec['description'])}</td></tr>" if spec.get('description') else ''}
<tr><th>unit</th><td>{_e(spec['unit'])}</td></tr>
<tr><th>frequency</th><td>{_e(spec['frequency'])}</td></tr>
<tr><th>publisher</th><td>{_e(source['publisher'])}</td></tr>
<tr><th>licence</th><td>{_e(source['licence'])}</td></tr>
<tr><th>source</th><td>{_e(source['title'])} (<code>{_e(spec['source'])}</code> in data/sources.yaml)</td></tr>
<tr><th>built by</th><td><code>{_e(source['builder'])}</code></td></tr>
<tr><th>rows</th><td>{_e(out.get('rows', ''))}, {_e(out.get('first') or '')} to {_e(out.get('last') or '')}</td></tr>
<tr><th>file</th><td>{csv}</td></tr>
<tr><th>used in</th><td>{users}</td></tr>
</tbody></table>
<h2>Where it comes from</h2><ul>{links}</ul>
<h2>Inputs of the last build</h2>
{scroll("inputs of the last build", f"<table><thead><tr><th>file</th><th>how</th><th>retrieved</th><th>sha256</th>"
                                    f"</tr></thead><tbody>{inputs}</tbody></table>")}
{f'<h2>Build notes</h2><ul>{notes}</ul>' if notes else ''}
{source_quality(paths, table_id) if catalog.is_curated(table_id, paths) else ''}
{preview(paths, table_id)}
<h2>Columns</h2>
{scroll("columns", f"<table><thead><tr><th>column</th><th>type</th><th>meaning</th></tr></thead>"
                   f"<tbody>{columns}</tbody></table>")}
</div>
"""


def data_index(paths: Paths, tables: list[str], used_in: dict[str, list[str]]) -> str:
    specs = {t: catalog.table_spec(t, paths) for t in tables}
    rows = "".join(f'<tr><td><a href="{t}.html">{_e(specs[t]["title"])}</a></td><td><code>{t}</code>'
                   f'</td><td>{_e(specs[t]["unit"])}</td><td>{len(used_in.get(t, []))}</td></tr>' for t in tables)
    toc = "\n".join(tables)
    return f"""# The data

Every dataset the notebooks read, one page each: where it comes from, how it was built, and its CSV. The chain
from a chart to its source: the chart's source line names dataset ids; each id's page names the catalog entry
(data/sources.yaml), the builder, and the raw files with their URLs and sha256.

<div class="tex2jax_ignore mathjax_ignore">{scroll("datasets", '<table class="fc-datasets"><thead><tr><th>what it holds'
                                                   '</th><th>dataset id</th><th>unit</th><th>notebooks using it</th>'
                                                   f'</tr></thead><tbody>{rows}</tbody></table>')}</div>

```{{toctree}}
:hidden:

{toc}
```
"""


def write_sources(paths: Paths, source: Path) -> None:
    """Every page of the site into ``source`` (emptied first), with the verdicts as data (verdicts.json and .csv)
    and what each page tells link previews and fact-check crawlers (_meta.json, read by factcheck.publish.pages)."""
    shutil.rmtree(source, ignore_errors=True)
    (source / "notebooks").mkdir(parents=True)
    (source / "data").mkdir()
    books = notebook_files(paths)
    figures, used_in = [], {}
    for path in books:
        nb = json.loads(path.read_text(encoding="utf-8"))
        figures += [(path.name, f) for f in outputs(nb, chart.MIMETYPE)]
        for listing in outputs(nb, DatasetsTable.MIMETYPE):
            for tid in listing["datasets"]:
                used_in.setdefault(tid, []).append(path.name)
        (source / "notebooks" / path.name).write_text(json.dumps(page_notebook(nb), indent=1, ensure_ascii=False),
                                                     encoding="utf-8")
    missing = {p.stem.removesuffix("-narrow") for p in paths.figures.glob("*.svg")} - {f["name"] for _, f in figures}
    if missing:
        raise SystemExit(f"error: figures/ holds charts no notebook shows: {', '.join(sorted(missing))}")
    records = verdict_records(paths, collect(books, paths))
    (source / "index.md").write_text(dashboard(paths, records, books), encoding="utf-8")
    (source / "gallery.md").write_text(gallery(figures), encoding="utf-8")
    tables = sorted(catalog.catalog(paths)["tables"])
    (source / "data" / "index.md").write_text(data_index(paths, tables, used_in), encoding="utf-8")
    titles = {p.name: title(json.loads(p.read_text(encoding="utf-8"))) for p in books}
    for tid in tables:
        (source / "data" / f"{tid}.md").write_text(data_page(paths, tid, used_in.get(tid, []), titles),
                                                   encoding="utf-8")
    meta = share_meta(paths, {Path(n).stem: t for n, t in titles.items()}, figures, claim_reviews(paths, records))
    (source / "_meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
    extra = source / "_extra"  # copied as they are into the site (html_extra_path in site/conf.py)
    shutil.copytree(paths.figures, extra / "figures")
    shutil.copytree(paths.committed, extra / "data" / "processed")  # with its manifest.json
    shutil.copytree(paths.curated, extra / "data" / "curated")
    for doc in (paths.catalog, paths.ledger):
        shutil.copy(doc, extra / "data" / doc.name)
    (extra / "verdicts.json").write_text(json.dumps({"article": ledger(paths)["article"]["url"], "claims": records},
                                                    indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    pd.DataFrame(records, columns=EXPORT_COLUMNS).to_csv(extra / "verdicts.csv", index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where the HTML goes (default: _build/html)")
    args = parser.parse_args(argv)
    paths = Paths.default()
    out, source = args.out or paths.root / "_build" / "html", paths.root / "_build" / "site-src"
    start = time.perf_counter()
    write_sources(paths, source)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-c", str(paths.root / "site"),
           str(source), str(out)]
    done = subprocess.run(cmd, check=False)
    if done.returncode:
        print("error: Sphinx failed (see above)", file=sys.stderr)
        return 1
    pages = len(list(out.rglob("*.html")))
    print(f"site: {pages} pages in {paths.rel(out)} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
