"""One function per figure: each takes the data it plots (prepared in its notebook), draws it in the
project's style (twice: wide, and narrow for phones), writes figures/<name>.svg and .png and
figures/<name>-narrow.svg with a source line, and returns the :class:`~factcheck.charts.chart.Chart` the notebook
shows. Reads nothing else.
"""
from __future__ import annotations

import string
import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.ticker import MultipleLocator
from matplotlib.transforms import ScaledTranslation

from factcheck.charts.chart import GREEN, GREY, NAVY, ORANGE, PURPLE, RED, TEAL, Chart, drawn, figure, narrow, pt, wrap

_LANES = {"war": "war", "sanctions": "sanctions", "sanctions_finance": "sanctions", "export_controls": "sanctions",
          "sanctions_enforcement": "enforcement", "oil_sanctions": "oil", "diplomacy": "diplomacy",
          "diplomacy_intelligence": "diplomacy", "sanctions_outreach": "Treasury outreach",
          "speech": "Treasury outreach", "meeting": "Treasury outreach", "arms_transfers": "arms transfers",
          "data_release": "data", "data_release; publication": "data", "later_context": "later context"}
_LANE_ORDER = ["war", "sanctions", "oil", "enforcement", "diplomacy", "arms transfers", "Treasury outreach",
               "data", "later context"]


def _below(ax, drop: float):
    """Axes coordinates moved ``drop`` inches down: for text and legends under the axes."""
    return ax.transAxes + ScaledTranslation(0, -drop, ax.figure.dpi_scale_trans)


def _legend(ax, below: float | None = None, columns: int = 1, **wide) -> None:
    """The axes' legend as ``wide`` places it; in the narrow layout, if ``below`` is given, centred that many
    inches under the axes in ``columns`` columns instead."""
    if narrow() and below is not None:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=_below(ax, below), ncol=columns)
    else:
        ax.legend(**wide)


def _key(ax, lines: list[str], below: float, width: int = 58) -> None:
    """A list of text lines (its number or letter first, each wrapped to ``width`` characters) ``below`` inches
    under the axes."""
    text = "\n".join(textwrap.fill(line, width, subsequent_indent="    ") for line in lines)
    ax.text(0, 0, text, transform=_below(ax, below), va="top", fontsize=pt(9))


def _phone_dates(ax, months: int, fmt: str = "%b %y") -> None:
    """In the narrow layout, a date tick every ``months`` months from January, in the short format ``fmt``."""
    if narrow():
        ax.xaxis.set_major_locator(mdates.MonthLocator(range(1, 13, months)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))


def _place_labels(ax, points: list[tuple[pd.Timestamp, float, str]], side: float = 60) -> None:
    """Label each point at the first of a series of offsets (in points: above, below, then further out, then
    ``side`` to the sides) where its text overlaps no label placed before it and stays inside the axes; a label
    moved away from its point gets a leader line. The figure's layout must be final."""
    slots = [(0, 9), (0, -13), (0, 21), (0, -25), (0, 33), (0, -37), (side, 9), (-side, 9), (side, -13),
             (-side, -13), (0, 45), (0, -49)]
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    for x, y, text in points:
        for n, (dx, dy) in enumerate(slots):
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha="center",
                                va="center", fontsize=pt(7.5),
                                arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.5, "shrinkB": 4}
                                if n > 1 else None)
            box = label.get_window_extent(renderer).expanded(1.06, 1.25)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1
            if (inside and not any(box.overlaps(other) for other in placed)) or n == len(slots) - 1:
                placed.append(box)
                break
            label.remove()


@drawn
def events_timeline(events: pd.DataFrame, article: pd.Timestamp, until: str = "2023-06-30") -> Chart:
    """The events up to mid-2023 on a lane by kind; those the article mentions labelled by their short names."""
    chart = Chart("00_events_timeline", "Events behind the claims, by kind, to mid-2023; labelled: events the "
                  "article mentions.", ["events"],
                  "Open markers: dated only to the month (drawn mid-month). Later events are in notebooks 02 and 04")
    events = events[events["start"] <= pd.Timestamp(until)]
    lanes = events.assign(lane=events["category"].map(_LANES))
    unknown = set(lanes.loc[lanes["lane"].isna(), "category"])
    if unknown:
        raise ValueError(f"events: no chart lane for categories {sorted(unknown)}")
    order = [lane for lane in _LANE_ORDER if lane in set(lanes["lane"])]
    fig, ax = figure(figsize=(11, 7.5), narrow_height=7.6)
    if narrow():  # room under the axes for the list of labels
        fig.subplots_adjust(left=0.27, right=0.96, top=0.94, bottom=0.44)
    else:
        fig.subplots_adjust(left=0.14, right=0.98, top=0.94, bottom=0.1)
    points = []
    for n, lane in enumerate(order):
        rows = lanes[lanes["lane"] == lane].sort_values("start")
        for r in rows.itertuples():
            ax.plot(r.start, n, "o", markersize=6, markerfacecolor="white" if r.approximate else NAVY,
                    markeredgecolor=NAVY)
            if pd.notna(r.end):
                ax.plot([r.start, r.end], [n, n], color=NAVY, linewidth=3)
        named = rows[(rows["mentioned_in_article"] == "yes") & (rows["start"] != article)]
        points += [(when, n, text) for when, text in named.groupby("start")["label"].agg(" / ".join).items()]
    ax.axvline(article, color=RED, linewidth=1.2)
    ha, text = ("right", "the article, 7 Apr 2023 ") if narrow() else ("left", " the article, 7 Apr 2023")
    ax.text(article, -0.75, text, color=RED, fontsize=pt(8), va="bottom", ha=ha)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.4, -0.9)
    ax.set_xlim(pd.Timestamp("2022-01-01"), pd.Timestamp(until))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title("Events behind the claims")
    _phone_dates(ax, 6)
    points = sorted(points)
    if narrow():  # numbers on the chart (moved less far to the sides), the labels listed under it
        _key(ax, [f"{i}  {when:%b %Y}  {text}" for i, (when, _, text) in enumerate(points, 1)], 0.4, width=44)
        _place_labels(ax, [(when, y, str(i)) for i, (when, y, _) in enumerate(points, 1)], side=16)
    else:
        _place_labels(ax, points)
    return chart.save(fig, tight=False)


@drawn
def q1_budget(compare: pd.DataFrame, months: pd.DataFrame) -> Chart:
    """Q1 2023 revenue, oil-and-gas revenue, spending and balance beside Q1 2022; the three months."""
    chart = Chart("01_q1_2023_budget", "Russia's federal budget in January–March 2023 against a year earlier, "
                  "and month by month.", ["russia_budget_ytd", "russia_budget_month"],
                  "Q1-2022 revenue and spending implied by the reported year-on-year changes; Feb and Mar balances "
                  "computed by Reuters from cumulative data")
    fig, (ax1, ax2) = figure(1, 2, gridspec_kw={"width_ratios": [3, 2]}, narrow_height=7.8)
    x = range(len(compare))
    ax1.bar([i - 0.2 for i in x], compare["year_earlier_implied_bn_rub"], width=0.4, color=GREY,
            label=wrap("Q1 2022 (balance reported; the rest implied by y/y changes)", 150, 40))
    ax1.bar([i + 0.2 for i in x], compare["this_year_bn_rub"], width=0.4, color=NAVY, label="Q1 2023")
    ax1.set_xticks(list(x), [s.replace(" revenue", "\nrevenue") for s in compare["item"]])
    ax1.axhline(0, color="black", linewidth=0.8)
    ax1.set(ylabel="bn RUB", title="Federal budget, January–March")
    _legend(ax1, 0.45, loc="upper left", fontsize=pt(8))
    balance = months["balance_bn_rub"]
    ax2.bar([m.strftime("%b %Y") for m in months["month"]], balance, color=[RED if v < 0 else GREEN for v in balance])
    ax2.axhline(0, color="black", linewidth=0.8)
    ax2.set(ylabel="bn RUB (negative = deficit)", title="Monthly balance, 2023")
    return chart.save(fig)


@drawn
def deficit_in_dollars(converted: pd.DataFrame, claimed: float, band: tuple[float, float]) -> Chart:
    """The Q1 deficit in dollars at each rate, against the claimed $29 bn and the tolerance band."""
    chart = Chart("01_q1_2023_deficit_usd", "The Q1-2023 deficit (2.4 trn roubles) in dollars at four defensible "
                  "exchange rates, against the article's $29 bn.",
                  ["russia_budget_ytd", "usd_rub_daily", "usd_rub_monthly", "usd_rub_reported"],
                  "Deficit as reported by Reuters (Finance Ministry preliminary estimate, 7 April 2023)")
    fig, ax = figure(figsize=(9, 4), narrow_height=4.6)
    ax.barh([wrap(label, 150, 20) for label in converted["label"]], converted["usd_bn"], color=NAVY)
    ax.axvline(claimed, color=RED, linewidth=1.5, label=f"claimed: ${claimed:g} bn")
    ax.axvspan(*band, color=RED, alpha=0.12, label=f"our test: ${band[0]:.2f}–{band[1]:.2f} bn")
    for y, v in enumerate(converted["usd_bn"]):
        ax.text(0.5, y, f"${v:.2f} bn", va="center", ha="left", fontsize=pt(9), color="white")
    ax.invert_yaxis()
    ax.set_xlim(0, 45)
    ax.set_xlabel("bn USD")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_title(wrap("Q1-2023 deficit (2.4 trn roubles) in dollars, at four rates", 150, 40))
    _legend(ax, 0.5, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize=pt(8))
    return chart.save(fig)


@drawn
def full_year_balances(years: pd.DataFrame, q1_deficit: float) -> Chart:
    """Full-year federal budget balances, with the Q1-2023 deficit marked inside 2023's."""
    chart = Chart("01_full_year_balances", "Russia's federal budget balance, full years, with the first quarter of "
                  "2023 marked.", ["russia_budget_ytd"], "Full-year figures as later reported")
    fig, ax = figure(figsize=(9, 4), narrow_height=4.2)
    labels = years["year"].astype(str)
    ax.bar(labels, years["balance_bn_rub"], color=RED)
    ax.bar(["2023"], [-q1_deficit], color="none", edgecolor="black", hatch="//", label="of which Q1 2023")
    for x, v, pct in zip(labels, years["balance_bn_rub"], years["balance_pct_gdp"]):
        share = f"{pct:.1f}%\nof GDP" if narrow() else f"({pct:.1f}% of GDP)"
        ax.text(x, v - 150, f"{v:,.0f}\n{share}", ha="center", va="top", fontsize=pt(9))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylim(years["balance_bn_rub"].min() * 1.35, 300)
    ax.set(ylabel="bn RUB (negative = deficit)", title="Russian federal budget balance, full years")
    ax.legend(loc="lower left")
    return chart.save(fig)


@drawn
def price_cap_levels(series: dict[str, pd.DataFrame], embargoes: pd.DataFrame, end: pd.Timestamp) -> Chart:
    """The cap levels in force, step by step, with the EU embargo dates."""
    chart = Chart("02_price_cap_levels", "Price caps on Russian crude and products, levels in force, with the EU "
                  "embargoes.", ["price_cap_timeline"])
    styles = {"crude, US": (NAVY, "-", 4), "crude, EU": (RED, "--", 2),
              "products at a premium to crude": (ORANGE, "-", 2), "products at a discount to crude": (GREEN, "-", 2)}
    fig, ax = figure(figsize=(10, 4.5), narrow_height=4.8)
    for label, steps in series.items():
        color, dash, width = styles[label]
        ax.step(list(steps["date"]) + [end], list(steps["level_usd_bbl"]) + [steps["level_usd_bbl"].iloc[-1]],
                where="post", color=color, linestyle=dash, linewidth=width, label=label)
    top, step = (38, 18) if narrow() else (96, 14)  # narrow: under the caps, the legend being below the axes
    for i, r in enumerate(embargoes.itertuples()):
        ax.axvline(pd.Timestamp(r.date), color=GREY, linewidth=0.8, linestyle=":")
        ax.text(pd.Timestamp(r.date), top - step * i, f" EU embargo on {r.product}\n from {r.date}", fontsize=pt(7),
                color=GREY, va="top")
    ax.set(ylim=(0, 110), xlim=(pd.Timestamp("2022-10-01"), end), ylabel="USD per barrel",
           title="Price caps on Russian oil, levels in force")
    _phone_dates(ax, 12, "%Y")
    _legend(ax, 0.3, loc="lower left", fontsize=pt(8))
    return chart.save(fig)


@drawn
def brent_urals_cap(prices: pd.DataFrame, fob: pd.DataFrame) -> Chart:
    """Brent, Urals and the crude cap by month; below, the discount (monthly, and FOB point observations)."""
    chart = Chart("02_brent_urals_cap", "Brent and Urals against the $60 crude cap, and the Urals discount.",
                  ["brent_monthly", "brent_futures_monthly", "urals_price_month", "urals_discount",
                   "price_cap_timeline"],
                  "Brent minus Urals mixes a FOB spot benchmark with a CIF tax price; the FOB points show the "
                  "discount at loading; Brent futures are the front month, the price for delivery a month or two "
                  "ahead")
    x = prices.index.to_timestamp()
    fig, (ax1, ax2) = figure(2, 1, figsize=(10, 7), sharex=True, gridspec_kw={"height_ratios": [3, 2]},
                             narrow_height=8.4)
    ax1.plot(x, prices["brent"], color=NAVY, linewidth=2, label="Brent (EIA spot, FOB)")
    ax1.plot(x, prices["futures"], color=TEAL, linewidth=1.3, linestyle="--", label="Brent futures (Yahoo BZ=F)")
    ax1.plot(x, prices["urals"], color=RED, linewidth=2, marker="o", markersize=3,
             label="Urals (Finance Ministry tax price)")
    ax1.step(x, prices["cap"], where="post", color="black", linewidth=1.2, linestyle="--", label="crude price cap")
    ax1.set(ylabel="USD per barrel", title=wrap("Brent and Urals, monthly averages, with the $60 crude cap", 150, 40))
    _legend(ax1, 0.1, loc="upper right", fontsize=pt(8))
    ax2.bar(x, prices["discount"], width=20, color=GREY, label="Brent minus Urals, monthly")
    ax2.plot(fob["when"], fob["discount_usd_bbl"], "D", color=ORANGE, markersize=5,
             label=wrap("FOB discount at Baltic/Black Sea ports (Argus, Reuters)", 150, 40))
    ax2.set(ylabel="USD per barrel", ylim=(0, 58), title="The Urals discount to Brent",
            xlim=(x[0] - pd.Timedelta(days=20), x[-1] + pd.Timedelta(days=20)))
    _phone_dates(ax2, 6)
    _legend(ax2, 0.3, loc="upper left", fontsize=pt(8), ncol=2)
    return chart.save(fig)


@drawn
def q1_balance_drivers(parts: pd.DataFrame) -> Chart:
    """The worsening of the Q1 balance, stacked by driver."""
    chart = Chart("02_q1_balance_drivers", "What turned Q1 2022's budget surplus into Q1 2023's deficit, by driver.",
                  ["russia_budget_ytd", "urals_price_month", "brent_monthly", "usd_rub_monthly"],
                  "Q1-2022 revenue and spending implied by the reported year-on-year changes; oil-and-gas fall "
                  "shared out by the Dec-Feb price split")
    fig, ax = figure(figsize=(10, 3.8), narrow_height=5.6)
    left = 0.0
    for (label, row), color in zip(parts.iterrows(), [RED, ORANGE, PURPLE, TEAL, NAVY]):
        ax.barh(0, row["bn_rub"], left=left, color=color, label=wrap(f"{label}: {row['bn_rub']:,.0f}", 150, 44))
        left += row["bn_rub"]
    ax.set_yticks([])
    ax.set_xlabel("bn RUB")
    ax.grid(axis="x")
    ax.set_title(wrap("What turned Q1 2022's surplus into Q1 2023's deficit", 150, 40))
    if narrow():
        ax.xaxis.set_major_locator(MultipleLocator(1000))
    _legend(ax, 0.5, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize=pt(8))
    return chart.save(fig)


@drawn
def oil_gas_revenue(months: pd.DataFrame, years: pd.DataFrame, cap_dates: pd.Series) -> Chart:
    """Federal oil-and-gas revenue: single months as reported (estimates hatched) and full years."""
    chart = Chart("02_oil_gas_revenue", "Russia's federal oil-and-gas revenue, single months and full years.",
                  ["russia_oil_gas_revenue_month", "russia_budget_ytd"],
                  "Hatched: Reuters estimates before the ministry's release; gaps are months not reported")
    fig, (ax1, ax2) = figure(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [3, 1]}, narrow_height=7.4)
    values = months["oil_gas_revenues_bn_rub"]
    ax1.bar(months.index.to_timestamp(), values, width=25, color=NAVY, edgecolor="white",
            hatch=["//" if k == "estimate" else "" for k in months["value_kind"]])
    for when in cap_dates:
        ax1.axvline(when, color="black", linewidth=1, linestyle="--")
        ax1.text(when, values.max(), " crude cap", fontsize=pt(8), va="top")
    ax1.set(ylabel="bn RUB", title=wrap("Federal oil-and-gas revenue, single months reported", 150, 40))
    _phone_dates(ax1, 12, "%Y")
    ax2.bar(years["year"].astype(str), years["oil_gas_revenues_bn_rub"], color=NAVY)
    ax2.set_title("Full years")
    return chart.save(fig)


@drawn
def sdn_russia_entries(wide: pd.DataFrame, any_russia: str, invasion: pd.Timestamp, article: pd.Timestamp,
                       at_article: pd.Timestamp) -> Chart:
    """Russia-related entries on the SDN list at each snapshot, and those under E.O. 14024."""
    chart = Chart("03_sdn_russia_entries", "Russia-related entries on OFAC's SDN list, snapshot by snapshot.",
                  ["sdn_program_counts"], "Snapshots of sdn.csv; Russia-related = the programme tags listed in "
                  "data/sources.yaml (ofac_sdn)")
    fig, ax = figure(figsize=(10, 5))
    ax.plot(wide.index, wide[any_russia], marker="o", color=RED, linewidth=2,
            label="Russia-related entries on the SDN list")
    ax.plot(wide.index, wide["RUSSIA-EO14024"], marker="o", color=NAVY, linewidth=1.5,
            label="of which under E.O. 14024")
    ax.axvline(invasion, color=GREY, linewidth=1, linestyle=":")
    ax.text(invasion, 3300, " invasion", color=GREY, fontsize=pt(8))
    ax.axvline(article, color="black", linewidth=1)
    n = wide.loc[at_article, any_russia]
    text, offset = f"the article, 7 Apr 2023:\n{n:,} entries ({at_article:%d %b} snapshot)", (-150, 40)
    if narrow():  # under the lines, right of the point
        text, offset = f"the article,\n7 Apr 2023:\n{n:,} entries\n({at_article:%d %b} snapshot)", (12, -68)
    ax.annotate(text, (at_article, n), xytext=offset, textcoords="offset points", fontsize=pt(8),
                arrowprops={"arrowstyle": "->"})
    ax.set(ylabel="entries on the SDN list", ylim=(0, 5200), title="Russia-related entries on OFAC's SDN list")
    _phone_dates(ax, 6)
    ax.legend(loc="upper left", fontsize=pt(8))
    return chart.save(fig)


@drawn
def counts_compared(added: pd.Series, counts: pd.DataFrame, threshold: float, article: pd.Timestamp) -> Chart:
    """Our count of entries added since the invasion beside the cumulative counts others published."""
    chart = Chart("03_counts_compared", "US sanctions on Russian targets since the invasion: our count of SDN "
                  "entries beside Treasury's and trackers' counts.", ["sdn_program_counts", "sanctions_counts"],
                  "Cumulative counts only (single-day packages and calendar-year counts are in the table). "
                  "Triangles are lower bounds ('more than'); squares exact counts")
    fig, ax = figure(figsize=(10, 5), narrow_height=7.6)
    ax.plot(added.index, added, marker="o", color=RED, linewidth=2,
            label=wrap("Russia-related SDN entries added since the invasion (ours)", 150, 44))
    for i, r in enumerate(counts.itertuples(), 1):
        label = f"{r.counter}: {'>' if r.count_is_lower_bound else ''}{r.count:,.0f}\n" + wrap(r.scope, 38, 44)
        ax.plot(r.when, r.count, "^" if r.count_is_lower_bound else "s", color=NAVY, markersize=7,
                label=f"{i}: {label}" if narrow() else None)
        text, offset = (str(i), (9, -12)) if narrow() else (label, (10, 28 if r.count < 1000 else -40))
        ax.annotate(text, (r.when, r.count), xytext=offset, textcoords="offset points", fontsize=pt(7), color=NAVY,
                    arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.5})
    ax.axhline(threshold, color=GREY, linewidth=1, linestyle="--", label=f"'thousands': at least {threshold:,.0f}")
    ax.axvline(article, color="black", linewidth=1)
    ax.text(article, ax.get_ylim()[1], " the article", fontsize=pt(8), va="top")
    ax.set(ylabel="designations",
           title=wrap("US sanctions on Russian targets since the invasion: our count and others'", 150, 40))
    _phone_dates(ax, 6)
    _legend(ax, 0.3, loc="upper left", fontsize=pt(8))
    return chart.save(fig)


@drawn
def china_russia_trade(monthly: pd.DataFrame, yearly: pd.DataFrame, marks: dict[str, pd.Timestamp]) -> Chart:
    """China's exports to and imports from Russia: single months (gaps kept) and years (derived splits hatched)."""
    chart = Chart("04_china_russia_trade", "China's trade with Russia, by month and by year.",
                  ["china_russia_trade_month", "china_russia_trade_year"],
                  "Gaps are months not reported separately; hatched: yearly splits derived from reported totals")
    fig, (ax1, ax2) = figure(1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [3, 2]})
    full = pd.period_range(monthly.index.min(), monthly.index.max(), freq="M")
    gappy = monthly.reindex(full)
    for flow, color, label in (("exports", RED, "China's exports to Russia"),
                               ("imports", NAVY, "China's imports from Russia")):
        ax1.plot(full.to_timestamp(), gappy[flow], marker="o", markersize=3, color=color, label=label)
    for label, when in marks.items():
        ax1.axvline(when, color=GREY, linewidth=1, linestyle=":")
        ax1.text(when, 13.5, f" {label}", fontsize=pt(8), color=GREY)
    ax1.set(ylim=(0, 14), ylabel="USD bn per month", title="China–Russia trade, single months")
    _phone_dates(ax1, 12, "%Y")
    ax1.legend(loc="lower right", fontsize=pt(8))
    split = yearly.dropna(subset=["exports", "imports"])
    for offset, flow, color, label in ((-0.2, "exports", RED, "exports to Russia"),
                                       (0.2, "imports", NAVY, "imports from Russia")):
        ax2.bar([i + offset for i in range(len(split))], split[flow], width=0.4, color=color, edgecolor="white",
                hatch=["//" if k == "derived" else "" for k in split[f"{flow}_kind"]], label=label)
    ax2.set_xticks(range(len(split)), split.index.astype(str))
    ax2.set(ylabel="USD bn per year", title="China–Russia trade, years")
    ax2.legend(loc="upper left", fontsize=pt(8))
    return chart.save(fig)


@drawn
def exports_indexed(to_russia: pd.DataFrame, eu_by_destination: pd.DataFrame) -> Chart:
    """Exports to Russia by reporter, and the EU's exports by destination, each indexed to 2021 = 100."""
    chart = Chart("05_exports_indexed", "Exports to Russia by reporter, and the EU's exports to Russia and its "
                  "neighbours, indexed to 2021.", ["eu27_exports_year", "exports_to_russia_year",
                                                   "china_russia_trade_year"],
                  "EU in EUR (Eurostat Comext), others in USD as reported; nominal values")
    styles = {"EU-27 (Eurostat)": (NAVY, "-", 3), "United States": (GREY, "-", 2), "China": (RED, "-", 2),
              "Turkey": (ORANGE, "-", 2), "Armenia": (GREEN, "--", 2),
              "Georgia": ("black", ":", 2)}
    fig, (ax1, ax2) = figure(1, 2, figsize=(12, 5), narrow_height=8.4)
    for name, (color, dash, width) in styles.items():
        s = to_russia[name].dropna()
        ax1.plot(s.index, s, marker="o", color=color, linestyle=dash, linewidth=width, label=name)
    ax1.axhline(100, color="black", linewidth=0.6)
    ax1.set_title("Exports to Russia, 2021 = 100")
    ax1.set_xticks(list(to_russia.index))
    ax1.legend(fontsize=pt(8), loc="upper left")
    for name, color in zip(eu_by_destination.columns, [NAVY, RED, PURPLE, GREEN, "black", ORANGE, GREY]):
        ax2.plot(eu_by_destination.index, eu_by_destination[name], marker="o", markersize=3, color=color,
                 linewidth=2.5 if name == "Russia" else 1.5, label=name)
    ax2.axhline(100, color="black", linewidth=0.6)
    ax2.set_yscale("log")
    ax2.set_yticks([25, 50, 100, 200, 400, 800], ["25", "50", "100", "200", "400", "800"])
    ax2.set_title(wrap("EU-27 exports by destination, 2021 = 100 (log scale)", 150, 32))
    _legend(ax2, 0.3, columns=2, fontsize=pt(8), loc="upper left")
    return chart.save(fig)


@drawn
def third_country_timeline(steps: pd.DataFrame, article_id: str) -> Chart:
    """Third-country steps against evasion in 2023, one line each, labelled by date and short name."""
    chart = Chart("05_third_country_timeline", "Third-country steps against sanctions evasion around the article.",
                  ["events"], "Each event cites its page; grey: the alternative start date of the Turkish halt")
    steps = steps.sort_values("start").reset_index(drop=True)
    fig, ax = figure(figsize=(10, 4.8), narrow_height=5.6)
    for i, r in steps.iterrows():
        alternative = pd.notna(r["analysis_choice"]) and r["analysis_choice"] == "alternative"
        color = GREY if alternative else "black" if r["event_id"] == article_id else RED
        y = len(steps) - i
        ax.plot([r["start"], r["start"]], [0, y], color=color, linewidth=1, linestyle=":" if r["approximate"] else "-")
        ax.plot(r["start"], y, "o", color=color)
        label = f"{r['date']}: {r['label']}"
        if narrow():  # day and month only (all in 2023), wrapped
            when = f"{r['start']:%b}" if r["approximate"] else f"{r['start'].day} {r['start']:%b}"
            label = wrap(f"{when}: {r['label']}", 150, 24)
        ax.text(r["start"], y, textwrap.indent(label, "  "), fontsize=pt(8), va="center")
    ax.set(yticks=[], ylim=(0, len(steps) + 1), xlim=(pd.Timestamp("2023-01-15"), pd.Timestamp("2024-03-31")))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x")
    ax.set_title(wrap("Third-country steps against evasion, 2023 (dotted: dated to the month only)", 150, 40))
    _phone_dates(ax, 3)
    return chart.save(fig)


@drawn
def cap_hindsight(monthly: pd.DataFrame, caps: dict[str, pd.DataFrame], events: pd.DataFrame,
                  trackers: pd.DataFrame) -> Chart:
    """Brent and Urals against every cap level, the discount (with trackers' estimates beside it) and
    oil-and-gas revenue, 2022 to the latest month, with the events that moved them and the Urals series' bases."""
    chart = Chart("02_cap_hindsight", "The price cap seen from 2026: Brent and Urals against every cap level, the "
                  "discount, and Russia's oil-and-gas revenue, with the sanctions that moved them.",
                  ["brent_monthly", "brent_futures_monthly", "urals_price_month", "price_cap_timeline",
                   "russia_oil_gas_revenue_month", "tracker_estimates", "events"],
                  "Urals is the Russian authorities' monthly price for taxation; its basis changed in 2024 and 2025 "
                  "(shaded); gaps are months no source gives")
    x = monthly.index.to_timestamp()
    start, end = x[0] - pd.Timedelta(days=20), x[-1] + pd.Timedelta(days=40)
    fig, (ax1, ax2, ax3) = figure(3, 1, figsize=(11, 10), sharex=True, gridspec_kw={"height_ratios": [3, 2, 2]},
                                  narrow_height=13.5)
    eras = monthly["basis"].ffill()
    bases = []  # the narrow layout's key to the eras
    for i, (_, months) in enumerate(eras.groupby((eras != eras.shift()).cumsum())):
        era = months.index.to_timestamp()
        for ax in (ax1, ax2):
            ax.axvspan(era[0], era[-1] + pd.Timedelta(days=28), color=GREY, alpha=0.06 if i % 2 else 0.0, lw=0)
        letter = string.ascii_uppercase[i]
        bases.append(f"{letter}  {months.iloc[0]}")
        label = f"basis {letter}" if narrow() else textwrap.fill(months.iloc[0], 34)
        ax1.text(era[0] + pd.Timedelta(days=10), 128, label, fontsize=pt(6.5), color=GREY, va="top")
    ax1.plot(x, monthly["brent"], color=NAVY, linewidth=2, label="Brent (EIA spot)")
    ax1.plot(x, monthly["futures"], color=TEAL, linewidth=1.3, linestyle="--", label="Brent futures (BZ=F)")
    ax1.plot(x, monthly["urals"], color=RED, linewidth=2, marker="o", markersize=2.5, label="Urals (tax price)")
    for (label, steps), (color, dash) in zip(caps.items(), [("black", "--"), (ORANGE, ":")]):
        ax1.step(list(steps["date"]) + [end], list(steps["level_usd_bbl"]) + [steps["level_usd_bbl"].iloc[-1]],
                 where="post", color=color, linestyle=dash, linewidth=1.5, label=label)
    ax1.set(ylabel="USD per barrel", ylim=(0, 130), title="Brent, Urals and the crude price caps")
    ax1.legend(loc="lower left", fontsize=pt(8), ncol=2)
    discount = monthly["brent"] - monthly["urals"]
    ax2.bar(x, discount, width=20, color=GREY, label="Brent minus Urals (tax price), monthly")
    ax2.plot(trackers["when"], trackers["value"], "D", color=ORANGE, markersize=5,
             label="trackers' estimates (CREA, FT/Argus, Argus)")
    ax2.set(ylabel="USD per barrel", ylim=(0, 62), title="The Urals discount to Brent")
    ax2.legend(loc="upper left", fontsize=pt(8))
    ax3.bar(x, monthly["revenue"], width=20, color=NAVY, label="oil-and-gas revenue, single months reported")
    ax3.set(ylabel="bn RUB", title=wrap("Federal oil-and-gas revenue (gaps: months not reported)", 150, 40),
            xlim=(start, end))
    _phone_dates(ax3, 12, "%Y")
    for n, r in enumerate(events.itertuples(), 1):
        for ax in (ax1, ax2, ax3):
            ax.axvline(r.start, color=PURPLE, linewidth=0.8, linestyle=":")
        if narrow():  # numbered under the prices, listed under the chart
            ax1.text(r.start, 28, f" {n}", fontsize=pt(7), color=PURPLE, va="center")
        else:
            ax2.text(r.start, 61, f" {r.label}", rotation=90, fontsize=pt(7), color=PURPLE, va="top")
    if narrow():  # the key to eras and events instead of a legend (the title says what the one series is)
        _key(ax3, ["Urals price basis (shaded in turn):", *bases, "Sanctions (dotted lines):",
                   *(f"{n}  {r.start:%b %Y}  {r.label}" for n, r in enumerate(events.itertuples(), 1))], 0.35)
    else:
        ax3.legend(loc="upper right", fontsize=pt(8))
    return chart.save(fig)


@drawn
def rouble_around_article(days: pd.DataFrame, reuters: float, day: pd.Timestamp) -> Chart:
    """The market's USD/RUB day by day (range and close) beside the official rate in force, around the article,
    with the rate Reuters converted at on the day."""
    chart = Chart("01_rouble_around_article", "The rouble around the article: the market's daily range and close "
                  "beside the Bank of Russia's official rate, and the rate Reuters used on 7 April 2023.",
                  ["usd_rub_market_daily", "usd_rub_daily", "usd_rub_reported"],
                  "Market: Yahoo Finance's USD/RUB quote, cleaned of bad ticks; official: the rate in force each day")
    fig, ax = figure(figsize=(9, 4.2), narrow_height=4.6)
    ax.vlines(days["date"], days["low"], days["high"], color=GREY, linewidth=3, alpha=0.5,
              label="market, the day's range")
    ax.plot(days["date"], days["close"], "o", color=NAVY, markersize=4, label="market close")
    ax.step(days["date"], days["official"], where="post", color=RED, linewidth=1.8, label="official rate in force")
    ax.plot([day], [reuters], "D", color=ORANGE, markersize=8, label=f"Reuters' rate, {reuters:.2f}")
    ax.set(ylabel="roubles per US dollar", title=wrap("USD/RUB around 7 April 2023: market and official", 150, 40))
    _phone_dates(ax, 1, "%d %b")
    if narrow():
        ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=[1, 15]))
    _legend(ax, 0.45, loc="upper left", fontsize=pt(8))
    return chart.save(fig)


@drawn
def rouble_market_2022(days: pd.DataFrame, months: pd.DataFrame) -> Chart:
    """The market's USD/RUB beside the official rate: day by day in the weeks after the invasion, and the monthly
    means of 2022 with the market's premium."""
    chart = Chart("02_rouble_market_2022", "The rouble in 2022: Yahoo's market quote beside the Bank of Russia's "
                  "official rate, day by day after the invasion and month by month.",
                  ["usd_rub_market_daily", "usd_rub_daily", "usd_rub_market_monthly", "usd_rub_monthly"],
                  "Market: Yahoo Finance's USD/RUB quote (an offshore quote, cleaned of bad ticks)")
    fig, (ax1, ax2) = figure(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [3, 2]}, narrow_height=8)
    ax1.vlines(days["date"], days["low"], days["high"], color=GREY, linewidth=3, alpha=0.5,
               label="market, the day's range")
    ax1.plot(days["date"], days["close"], "o", color=NAVY, markersize=3, label="market close")
    ax1.step(days["date"], days["official"], where="post", color=RED, linewidth=1.8, label="official rate in force")
    ax1.set(ylabel="roubles per US dollar", title=wrap("Day by day, February-April 2022", 150, 40))
    _phone_dates(ax1, 1, "%b")
    _legend(ax1, 0.35, loc="upper right", fontsize=pt(8))
    x = months["month"].dt.to_timestamp()
    ax2.bar(x, months["gap_pct"], width=20, color=NAVY)
    ax2.axhline(0, color="black", linewidth=0.8)
    ax2.set(ylabel="market above official, %", title=wrap("Monthly means, 2022: the market's premium", 150, 40))
    _phone_dates(ax2, 3, "%b")
    if not narrow():
        ax2.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    return chart.save(fig)

