"""``factcheck-site``: build the static site into _build/html/ from the committed notebooks, without running them.

Reads notebooks/*.ipynb (their outputs: the verdict cards, the charts' captions, the datasets each used),
figures/, the catalog, the manifest, the tables and the ledger; writes the Sphinx source
pages into _build/site-src/ (the landing dashboard, one page per notebook with its code folded, the figure
gallery, one page per dataset) and runs Sphinx (myst-nb, sphinx-book-theme; configuration in site/conf.py).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from factcheck.charts import style
from factcheck.charts.tables import DatasetsTable
from factcheck.claims import Verdict, anchor, cards, ledger
from factcheck.claims.verdicts import collect, notebook_files
from factcheck.data import catalog, citations, manifest
from factcheck.data.builders.curated import in_use
from factcheck.data.tables import read_csv_text
from factcheck.paths import Paths

DATA_LINK = re.compile(r'href=\\"\.\./data/(?:processed|curated)/(\w+)\.csv\\"')  # in a notebook's JSON text
NOTEBOOK_LINK = re.compile(r'href=\\"(\d\d_\w+)\.ipynb')


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def outputs(nb: dict, mimetype: str) -> list:
    """Every output of ``nb`` carrying ``mimetype``, in order."""
    return [o["data"][mimetype] for c in nb["cells"] for o in c.get("outputs", []) if mimetype in o.get("data", {})]


DATA_TYPES = (cards.MIMETYPE, style.MIMETYPE, DatasetsTable.MIMETYPE)  # read by this builder, not shown


def page_notebook(nb: dict) -> dict:
    """A copy of a notebook for the site: code folded (``hide-input``), dataset ids linked to their data pages,
    without the JSON the outputs carry for this builder."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            tags = cell["metadata"].setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
            for out in cell.get("outputs", []):
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


def dashboard(paths: Paths, found: dict[str, str], books: list[Path]) -> str:
    """The landing page: every claim with its verdict badge, linked to the section that decides it."""
    rows = []
    for cid, e in ledger(paths)["claims"].items():
        verdict = found.get(cid)
        badge = cards.badge(Verdict(verdict)) if verdict else "pending"
        page = f"notebooks/{Path(e['notebook']).stem}.html"
        rows.append(f'<tr class="fc-claim" data-claim="{cid}" data-verdict="{_e(verdict or "pending")}">'
                    f'<td><a href="{page}#{anchor(cid)}">{cid}</a></td><td>“{_e(e["words"])}”</td>'
                    f"<td>{_e(e['plain'])}</td><td>{badge}</td>"
                    f'<td><a href="{page}">{e["notebook"][:2]}</a></td></tr>')
    counts = {}
    for v in found.values():
        counts[v] = counts.get(v, 0) + 1
    tally = " · ".join(f"{Verdict(v).symbol} {n} {v}" for v, n in sorted(counts.items(), key=lambda x: -x[1]))
    article = ledger(paths)["article"]
    return f"""# Fact-checking CNN, 7 April 2023: China, Russia, sanctions and the oil price cap

CNN Business, {cards.when(article['date'])}: [*{article['headline']}*]({article['url']}). We set each checkable
claim beside public data and compute a verdict; every number traces to its source. Our copy of the article was
machine-paraphrased ("spun"): [notebook 00](notebooks/00_article_and_claims.ipynb) explains, and lists the claims.

<div class="fc-dashboard tex2jax_ignore mathjax_ignore">
<p class="fc-tally">{len(found)} claims checked: {tally}</p>
<table class="fc-claims"><thead><tr><th>claim</th><th>the article says</th><th>what it means</th>
<th>verdict</th><th>notebook</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table></div>

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


def gallery(figures: list[tuple[str, dict]]) -> str:
    """Every figure with its caption and source line, dataset ids linked to their pages, and its notebook."""
    items = []
    for nb_name, fig in figures:
        data = ", ".join(f'<a href="data/{t}.html">{t}</a>' for t in fig["datasets"])
        items.append(f'<figure class="fc-figure" id="{fig["name"]}"><a href="figures/{fig["name"]}.svg">'
                     f'<img src="figures/{fig["name"]}.png" alt="{_e(fig["caption"])}" loading="lazy"></a>'
                     f'<figcaption><strong>{_e(fig["caption"])}</strong> {_e(fig["source"].split(". Data:")[0])}.'
                     f' Data: {data}. From <a href="notebooks/{Path(nb_name).stem}.html">notebook {nb_name[:2]}'
                     f'</a>. Download: <a href="figures/{fig["name"]}.svg">SVG</a> · '
                     f'<a href="figures/{fig["name"]}.png">PNG</a></figcaption></figure>')
    return ("# Figure gallery\n\nEvery chart in the notebooks, with its caption and source line. Click a chart for "
            "the full-size SVG.\n\n<div class=\"fc-gallery tex2jax_ignore mathjax_ignore\">\n"
            + "\n".join(items) + "\n</div>\n")


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
    return (f'<h2>The data</h2>{gap}<div class="fc-scroll"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>')


def source_quality(paths: Paths, table_id: str) -> str:
    """A curated table's rows counted by source tier, who reported them (outlet and kind of source), the used rows
    that rest on an aggregator (with why nothing better exists) and the rows set aside (with why)."""
    pol = citations.policy(paths)
    path = catalog.table_file(table_id, paths)
    text = read_csv_text(path, f"table {table_id}").fillna("")
    if "source_url" not in text.columns:
        return ""
    counts = citations.tier_counts(text, pol)
    words = {**pol.tiers, "none": "no page cited (rows set aside)"}
    tiers = "".join(f"<tr><td>{_e(t)}</td><td>{_e(words[t])}</td><td>{r.rows}</td><td>{r.used}</td></tr>"
                    for t, r in counts.iterrows() if r.rows)
    who = "".join(f"<tr><td>{_e(r.outlet)}</td><td>{_e(r.kind)}</td><td>{_e(r.tier)}</td><td>{_e(r.state)}</td>"
                  f"<td>{r.rows}</td></tr>" for r in citations.outlets(text, pol).itertuples())
    used = in_use(text) if "analysis_choice" in text.columns else pd.Series(True, index=text.index)
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
    return (f'<h2>How good are its sources</h2><p>Each row counted by the best page it cites (the tiers of '
            f'<code>data/source_policy.yaml</code>); "used" are the rows the analysis uses.</p>'
            f'<div class="fc-scroll" role="region" aria-label="rows by source tier" tabindex="0"><table>'
            f'<thead><tr><th>tier</th><th>what it means</th><th>rows</th><th>used</th></tr></thead>'
            f'<tbody>{tiers}</tbody></table></div>'
            f'<h3>Who reported these figures</h3><div class="fc-scroll" role="region" aria-label="outlets cited" '
            f'tabindex="0"><table><thead><tr><th>outlet</th><th>what kind of source</th><th>tier</th>'
            f'<th>state media</th><th>rows citing it</th></tr></thead><tbody>{who}</tbody></table></div>{lists}')


def data_page(paths: Paths, table_id: str, used_in: list[str], titles: dict[str, str]) -> str:
    """One dataset: what it holds, where it comes from (publisher, licence, URLs, builder, inputs with sha256),
    the notebooks that use it, its columns, and its CSV."""
    spec = catalog.table_spec(table_id, paths)
    source = catalog.source_spec(spec["source"], paths)
    entry = manifest.read(paths)["tables"].get(table_id, {})
    out = entry.get("output", {})
    urls = [(f.get("name"), f.get("url") or f.get("landing") or f.get("path")) for f in
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
           f"(sha256 <code>{_e(out.get('sha256', ''))}</code>)" if where
           else "not built in this copy (an online-only source: `make data` builds it)")
    return f"""# {spec['title']}

<div class="fc-datapage tex2jax_ignore mathjax_ignore">
<p class="fc-lead">Dataset id <code>{table_id}</code>: the name charts and notebooks use for it.</p>
<table class="fc-facts"><tbody>
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
<table><thead><tr><th>file</th><th>how</th><th>retrieved</th><th>sha256</th></tr></thead><tbody>{inputs}</tbody></table>
{f'<h2>Build notes</h2><ul>{notes}</ul>' if notes else ''}
{source_quality(paths, table_id) if catalog.is_curated(table_id, paths) else ''}
{preview(paths, table_id)}
<h2>Columns</h2>
<table><thead><tr><th>column</th><th>type</th><th>meaning</th></tr></thead><tbody>{columns}</tbody></table>
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

<div class="tex2jax_ignore mathjax_ignore"><table class="fc-datasets"><thead><tr><th>what it holds</th>
<th>dataset id</th><th>unit</th><th>notebooks using it</th></tr></thead><tbody>{rows}</tbody></table></div>

```{{toctree}}
:hidden:

{toc}
```
"""


def write_sources(paths: Paths, source: Path) -> None:
    """Every page of the site into ``source`` (emptied first)."""
    shutil.rmtree(source, ignore_errors=True)
    (source / "notebooks").mkdir(parents=True)
    (source / "data").mkdir()
    books = notebook_files(paths)
    figures, used_in = [], {}
    for path in books:
        nb = json.loads(path.read_text(encoding="utf-8"))
        figures += [(path.name, f) for f in outputs(nb, style.MIMETYPE)]
        for listing in outputs(nb, DatasetsTable.MIMETYPE):
            for tid in listing["datasets"]:
                used_in.setdefault(tid, []).append(path.name)
        (source / "notebooks" / path.name).write_text(json.dumps(page_notebook(nb), indent=1, ensure_ascii=False),
                                                     encoding="utf-8")
    missing = {p.stem.removesuffix("-narrow") for p in paths.figures.glob("*.svg")} - {f["name"] for _, f in figures}
    if missing:
        raise SystemExit(f"error: figures/ holds charts no notebook shows: {', '.join(sorted(missing))}")
    (source / "index.md").write_text(dashboard(paths, collect(books, paths), books), encoding="utf-8")
    (source / "gallery.md").write_text(gallery(figures), encoding="utf-8")
    tables = sorted(catalog.catalog(paths)["tables"])
    (source / "data" / "index.md").write_text(data_index(paths, tables, used_in), encoding="utf-8")
    titles = {p.name: title(json.loads(p.read_text(encoding="utf-8"))) for p in books}
    for tid in tables:
        (source / "data" / f"{tid}.md").write_text(data_page(paths, tid, used_in.get(tid, []), titles),
                                                   encoding="utf-8")
    extra = source / "_extra"  # copied as they are into the site (html_extra_path in site/conf.py)
    shutil.copytree(paths.figures, extra / "figures")
    shutil.copytree(paths.committed, extra / "data" / "processed")  # with its manifest.json
    shutil.copytree(paths.curated, extra / "data" / "curated")
    for doc in (paths.catalog, paths.ledger):
        shutil.copy(doc, extra / "data" / doc.name)


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
