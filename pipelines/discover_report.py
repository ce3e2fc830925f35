"""A discovery report: where personal data lives, per zone and per prefix. Counts only.

Sources: the subject index (IndexReader's `subjects`, `objects` and `links` views) and the
per-raw-object ledger (status, and the outputs each processed object produced). Every object
is placed in a zone by the longest base URI it starts with (the raw URI, then root/<zone>), and
in a prefix: the first path segment of its key in that zone, or "(root)".

The report holds numbers, zone names, folder names and entity types: never a value, a subject
key or an object name. "Distinct subjects" counts distinct keyed identifiers (one person's
e-mail and phone count twice); "with personal data" means the index holds rows for the object.

Every query is parameterised: URIs and keys are bound values, never SQL text.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pyarrow as pa

from callscrub.config import Settings
from callscrub.errors import ConfigError, ObjectNotFoundError
from pipelines.ledger import PREFIX as LEDGER_PREFIX
from pipelines.ledger import LedgerEntry
from storage.base import ObjectStore
from storage.layout import ZONES
from storage.uri import parse_uri

ROLES = ("primary", "self_disclosed", "mentioned")
ZONE_ORDER = ("raw", *ZONES)
UNLOCATED = "(unlocated)"
ROOT_PREFIX = "(root)"
# Dimensions counted per place. Column names come from this fixed list, never from input.
_ROW_DIMENSIONS = {"entity_types": "entity_type", "identifier_types": "identifier_type", "roles": "role"}
_LEDGER_SCHEMA = pa.schema([
    pa.field("zone", pa.string(), nullable=False),
    pa.field("rel", pa.string(), nullable=False),
    pa.field("status", pa.string(), nullable=False),  # processed | output | quarantined
])
_GROUPING_SETS = "GROUPING SETS ((i.zone, i.prefix), (i.zone), ())"


@dataclass(frozen=True)
class _Ledger:
    entries: list[LedgerEntry]
    unreadable: int


def _read_ledger(index: ObjectStore) -> _Ledger:
    entries: list[LedgerEntry] = []
    unreadable = 0
    for info in index.list(f"{LEDGER_PREFIX}/"):
        if not info.key.endswith(".json"):
            continue
        try:
            entries.append(LedgerEntry(**json.loads(index.get(info.key))))
        except ObjectNotFoundError:  # removed since the listing
            continue
        except (ValueError, TypeError):  # not JSON, or not a ledger record: count it, show nothing of it
            unreadable += 1
    return _Ledger(entries, unreadable)


def _ledger_table(ledger: _Ledger) -> pa.Table:
    rows: list[dict[str, str]] = []
    for e in ledger.entries:
        rows.append({"zone": "raw", "rel": e.key, "status": e.status})
        if e.status == "quarantined":
            rows.append({"zone": "quarantine", "rel": e.key, "status": "quarantined"})
        else:
            for kind, key in (e.outputs or {}).items():
                zone = "redacted" if kind.startswith("redacted_") else "private"  # as pipelines.steps writes them
                rows.append({"zone": zone, "rel": key, "status": "output"})
    return pa.Table.from_pylist(rows, schema=_LEDGER_SCHEMA)


def _encoded_key(scheme: str, key: str) -> str:
    return quote(key) if scheme == "file" else key


def _raw_base(settings: Settings, reader: Any, ledger: _Ledger, zone_bases: list[str]) -> str | None:
    """The raw zone's base URI: from the settings, else inferred from the ledger's keys and the
    URIs the index recorded for them (the report needs only the root)."""
    if settings.raw:
        return str(parse_uri(settings.raw))
    scheme = parse_uri(settings.root or "").scheme
    keys = {_encoded_key(scheme, e.key) for e in ledger.entries}
    if not keys:
        return None
    uris = [r[0] for r in reader.con.sql("SELECT DISTINCT object_uri FROM objects").fetchall()]
    votes: dict[str, int] = {}
    for uri in uris:
        if any(uri.startswith(b + "/") for b in zone_bases):
            continue
        for i, ch in enumerate(uri):
            if ch == "/" and uri[i + 1 :] in keys:
                votes[uri[:i]] = votes.get(uri[:i], 0) + 1
                break
    return max(votes, key=votes.__getitem__) if votes else None


def _iso(ts: datetime | None) -> str | None:
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z") if ts is not None else None


def _metrics() -> dict[str, Any]:
    return {
        "objects_scanned": 0, "objects_with_personal_data": 0, "quarantined": 0, "rows": 0,
        "distinct_subjects": 0, "entity_types": {}, "identifier_types": {}, "roles": dict.fromkeys(ROLES, 0),
        "object_kinds": {}, "oldest_observed_at": None, "newest_observed_at": None,
    }


def build_report(settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """Counts of where personal data lives under `settings.root`; see the module docstring."""
    from pipelines.cli_index import _index_store
    from storage.index.reader import IndexReader

    if not settings.root:
        raise ConfigError("give --root (or root in the config file)")
    root = parse_uri(settings.root)
    index = _index_store(settings)
    reader = IndexReader(index)
    ledger = _read_ledger(index)
    con = reader.con

    bases = {z: str(root.child(z)) for z in ZONES}
    raw = _raw_base(settings, reader, ledger, list(bases.values()))
    if raw is not None:
        bases["raw"] = raw
    con.register("ledger_objects", _ledger_table(ledger))
    # Each index URI -> (zone, key in that zone): the longest base it starts with wins.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE located AS
        WITH bases AS (SELECT unnest($zones) AS zone, unnest($bases) AS base),
        uris AS (SELECT object_uri FROM subjects UNION SELECT object_uri FROM objects),
        m AS (
          SELECT u.object_uri, arg_max(b.zone, length(b.base)) AS zone, max(length(b.base)) AS blen
            FROM uris u LEFT JOIN bases b ON starts_with(u.object_uri, b.base || '/')
           GROUP BY u.object_uri)
        SELECT object_uri, coalesce(zone, $unlocated) AS zone,
               CASE WHEN zone IS NULL THEN object_uri
                    WHEN $decode THEN url_decode(substr(object_uri, blen + 2))
                    ELSE substr(object_uri, blen + 2) END AS rel
          FROM m
        """,
        {"zones": list(bases), "bases": list(bases.values()), "unlocated": UNLOCATED,
         "decode": root.scheme == "file"},
    )
    # Every known object, from the index and the ledger; scanned = its content went through the
    # pipeline (a raw object processed, or an output written from one).
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inventory AS
        WITH g AS (
          SELECT zone, rel, bool_or(status IN ('processed', 'output')) AS g_scanned,
                 bool_or(status = 'quarantined') AS g_quarantined
            FROM ledger_objects GROUP BY zone, rel),
        j AS (
          SELECT coalesce(l.zone, g.zone) AS zone, coalesce(l.rel, g.rel) AS rel, l.object_uri,
                 l.object_uri IS NOT NULL OR coalesce(g.g_scanned, false) AS scanned,
                 coalesce(g.g_quarantined, false) AS quarantined
            FROM located l FULL OUTER JOIN g ON l.zone = g.zone AND l.rel = g.rel)
        SELECT zone, CASE WHEN zone = $unlocated THEN '(unknown)'
                          WHEN strpos(rel, '/') > 0 THEN split_part(rel, '/', 1)
                          ELSE $root_prefix END AS prefix,
               object_uri, scanned, quarantined,
               coalesce(object_uri IN (SELECT object_uri FROM subjects), false) AS personal
          FROM j
        """,
        {"unlocated": UNLOCATED, "root_prefix": ROOT_PREFIX},
    )

    places: dict[tuple[str | None, str | None], dict[str, Any]] = {}

    def place(zone: str | None, prefix: str | None) -> dict[str, Any]:
        return places.setdefault((zone, prefix), _metrics())

    for r in _rows(con, f"""
        SELECT i.zone, i.prefix, grouping(i.zone, i.prefix) AS lvl, count_if(i.scanned)::BIGINT AS objects_scanned,
               count_if(i.personal)::BIGINT AS objects_with_personal_data,
               count_if(i.quarantined)::BIGINT AS quarantined
          FROM inventory i GROUP BY {_GROUPING_SETS}"""):
        place(*_key(r)).update({k: r[k] for k in ("objects_scanned", "objects_with_personal_data", "quarantined")})
    for r in _rows(con, f"""
        SELECT i.zone, i.prefix, grouping(i.zone, i.prefix) AS lvl, count(*) AS rows,
               count(DISTINCT s.subject_key) AS distinct_subjects
          FROM subjects s JOIN inventory i USING (object_uri) GROUP BY {_GROUPING_SETS}"""):
        place(*_key(r)).update(rows=r["rows"], distinct_subjects=r["distinct_subjects"])
    for r in _rows(con, f"""
        WITH obs AS (SELECT object_uri, observed_at FROM subjects
                     UNION ALL SELECT object_uri, observed_at FROM objects)
        SELECT i.zone, i.prefix, grouping(i.zone, i.prefix) AS lvl,
               min(o.observed_at) AS oldest, max(o.observed_at) AS newest
          FROM obs o JOIN inventory i USING (object_uri) GROUP BY {_GROUPING_SETS}"""):
        place(*_key(r)).update(oldest_observed_at=_iso(r["oldest"]), newest_observed_at=_iso(r["newest"]))
    for name, column in _ROW_DIMENSIONS.items():
        for r in _rows(con, f"""
            SELECT i.zone, i.prefix, grouping(i.zone, i.prefix) AS lvl, s.{column} AS value, count(*) AS n
              FROM subjects s JOIN inventory i USING (object_uri)
             GROUP BY GROUPING SETS ((i.zone, i.prefix, s.{column}), (i.zone, s.{column}), (s.{column}))
             ORDER BY n DESC, value"""):
            place(*_key(r))[name][r["value"] or "(none)"] = r["n"]
    for r in _rows(con, """
        WITH k AS (SELECT DISTINCT object_uri, object_kind FROM subjects)
        SELECT i.zone, i.prefix, grouping(i.zone, i.prefix) AS lvl, k.object_kind AS value, count(*) AS n
          FROM k JOIN inventory i USING (object_uri)
         GROUP BY GROUPING SETS ((i.zone, i.prefix, k.object_kind), (i.zone, k.object_kind), (k.object_kind))
         ORDER BY n DESC, value"""):
        place(*_key(r))["object_kinds"][r["value"] or "(none)"] = r["n"]

    # Distinct pairs: the links view keeps every run's rows (a re-run of an object adds them again).
    links = con.sql("SELECT count(*) FROM (SELECT DISTINCT key_a, key_b FROM links)").fetchall()[0][0]
    total = place(None, None)
    zones = []
    for zone in sorted({z for z, _ in places if z is not None}, key=_zone_rank):
        prefixes = [{"prefix": p, **m} for (z, p), m in sorted(places.items(), key=lambda kv: str(kv[0][1]))
                    if z == zone and p is not None]
        zones.append({"zone": zone, **place(zone, None), "prefixes": prefixes})
    by_zone = {z["zone"]: z for z in zones}
    raw_zone = by_zone.get("raw", _metrics())
    derived = [z for z in zones if z["zone"] not in ("raw", "quarantine", UNLOCATED)]
    summary = {
        "objects_scanned": raw_zone["objects_scanned"],
        "objects_with_personal_data": raw_zone["objects_with_personal_data"],
        "quarantined": sum(1 for e in ledger.entries if e.status == "quarantined"),
        "derived_objects": sum(z["objects_scanned"] for z in derived),
        "derived_objects_with_personal_data": sum(z["objects_with_personal_data"] for z in derived),
        "objects_with_personal_data_all_zones": total["objects_with_personal_data"],
        "index_rows": total["rows"],
        "distinct_subjects": total["distinct_subjects"],
        "identity_links": links,
        "entity_types": total["entity_types"],
        "identifier_types": total["identifier_types"],
        "roles": total["roles"],
        "object_kinds": total["object_kinds"],
        "oldest_observed_at": total["oldest_observed_at"],
        "newest_observed_at": total["newest_observed_at"],
        "ledger_entries": len(ledger.entries),
        "ledger_unreadable": ledger.unreadable,
        "index_generation": reader.manifest.generation,
    }
    return {
        "report": "callscrub discovery",
        "version": 1,
        "generated_at": _iso(now or datetime.now(tz=UTC)),
        "root": str(root),
        "summary": summary,
        "zones": zones,
    }


def _rows(con: Any, sql: str) -> list[dict[str, Any]]:
    return con.sql(sql).to_arrow_table().to_pylist()


def _key(r: dict[str, Any]) -> tuple[str | None, str | None]:
    # grouping(): 0 = zone and prefix, 1 = zone total, 3 = grand total
    return (None if r["lvl"] & 2 else r["zone"], None if r["lvl"] & 1 else r["prefix"])


def _zone_rank(zone: str) -> tuple[int, str]:
    return (ZONE_ORDER.index(zone) if zone in ZONE_ORDER else len(ZONE_ORDER), zone)


# ---------------------------------------------------------------------------------------- HTML

_PALETTE = ("#2f6fad", "#e07b39", "#3a9a5b", "#b8463f", "#7b5ea7", "#8c6d46", "#c45fa0", "#6f7d8c")
_ROLE_COLOURS = {"primary": "#b8463f", "self_disclosed": "#e07b39", "mentioned": "#2f6fad"}

_CSS = """
:root { --ink: #1d2430; --muted: #5d6878; --line: #d9dee6; --bg: #f6f7f9; --card: #fff; --accent: #2f6fad; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: var(--bg); }
header { background: #1d2430; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; color: #c9d1dc; font-size: 13px; }
main { padding: 20px 32px 40px; max-width: 1400px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
        min-width: 150px; }
.card .num { display: block; font-size: 26px; font-weight: 650; color: var(--accent); }
.card .label { color: var(--muted); font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.chart h3 { margin: 0 0 6px; font-size: 14px; }
table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); width: 100%; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; font-size: 12px; vertical-align: bottom; }
td.l, th.l { text-align: left; }
td.l { white-space: nowrap; }
td.types { text-align: left; font-size: 12px; color: var(--muted); min-width: 200px; }
td.types span { display: inline-block; margin: 0 8px 2px 0; white-space: nowrap; }
td.when { font-size: 12px; min-width: 84px; }
.scroll { overflow-x: auto; }
tr.total td { font-weight: 600; background: #fafbfc; }
.pd { color: #b8463f; font-weight: 600; }
.note { color: var(--muted); font-size: 12px; max-width: 900px; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def svg_bar_chart(title: str, data: dict[str, int] | list[tuple[str, int]], *, width: int = 460,
                  colours: dict[str, str] | None = None, chart_id: str | None = None) -> str:
    """A horizontal bar chart as inline SVG (no scripts, no external resources)."""
    items = list(data.items()) if isinstance(data, dict) else list(data)
    bar_h, gap, label_w, top = 20, 6, 150, 8
    value_w = 48
    plot_w = max(width - label_w - value_w, 40)
    height = top * 2 + max(len(items), 1) * (bar_h + gap)
    peak = max((v for _, v in items), default=0) or 1
    ident = f' id="{_e(chart_id)}"' if chart_id else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg"{ident} class="bar-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    if not items:
        parts.append(f'<text x="8" y="{top + 14}" font-size="12" fill="#5d6878">nothing recorded</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = round(plot_w * value / peak, 1)
        colour = (colours or {}).get(label, _PALETTE[i % len(_PALETTE)])
        parts.append(
            f'<g class="bar" data-label="{_e(label)}" data-value="{int(value)}">'
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="12" fill="#1d2430">{_e(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" fill="{colour}"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 14}" font-size="12" fill="#1d2430">{int(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_grouped_bars(title: str, categories: list[str], series: dict[str, list[int]], *, width: int = 460,
                     chart_id: str | None = None) -> str:
    """Vertical grouped bars (one group per category, one bar per series) with a legend."""
    n_series = max(len(series), 1)
    left, bottom, top, legend_h = 36, 34, 40, 0
    height = 230
    plot_h = height - top - bottom - legend_h
    plot_w = width - left - 10
    group_w = plot_w / max(len(categories), 1)
    bar_w = max(min(group_w * 0.8 / n_series, 36), 4)
    peak = max((v for vs in series.values() for v in vs), default=0) or 1
    ident = f' id="{_e(chart_id)}"' if chart_id else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg"{ident} class="bar-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa5b4"></line>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11" fill="#5d6878">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11" fill="#5d6878">0</text>',
    ]
    for s, name in enumerate(series):
        x = left + s * 150
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" rx="2" fill="{_PALETTE[s % len(_PALETTE)]}"></rect>'
                     f'<text x="{x + 17}" y="16" font-size="12" fill="#1d2430">{_e(name)}</text>')
    for c, category in enumerate(categories):
        gx = left + c * group_w + (group_w - bar_w * n_series) / 2
        for s, (name, values) in enumerate(series.items()):
            v = values[c]
            h = round(plot_h * v / peak, 1)
            x = round(gx + s * bar_w, 1)
            y = round(top + plot_h - h, 1)
            parts.append(
                f'<g class="bar" data-label="{_e(category)}: {_e(name)}" data-value="{int(v)}">'
                f'<rect x="{x}" y="{y}" width="{round(bar_w - 2, 1)}" height="{h}" rx="2" '
                f'fill="{_PALETTE[s % len(_PALETTE)]}"></rect>'
                f'<text x="{round(x + bar_w / 2 - 1, 1)}" y="{y - 3}" text-anchor="middle" font-size="11" '
                f'fill="#1d2430">{int(v)}</text></g>'
            )
        parts.append(f'<text x="{round(left + (c + 0.5) * group_w, 1)}" y="{top + plot_h + 18}" '
                     f'text-anchor="middle" font-size="12" fill="#1d2430">{_e(category)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _types_cell(counts: dict[str, int]) -> str:
    return "".join(f"<span>{_e(k)} {v}</span>" for k, v in counts.items()) or "&ndash;"


def _day(ts: str | None) -> str:
    return _e(ts[:16].replace("T", " ")) if ts else "&ndash;"


def _zone_table(zone: dict[str, Any]) -> str:
    head = ("<tr><th class=\"l\">prefix</th><th>objects scanned</th><th>with personal data</th>"
            "<th>quarantined</th><th>index rows</th><th>distinct subjects</th><th>primary</th>"
            "<th>self-disclosed</th><th>mentioned</th><th class=\"l\">entity types</th>"
            "<th>oldest observed</th><th>newest observed</th></tr>")

    def row(label: str, m: dict[str, Any], cls: str = "") -> str:
        pd = m["objects_with_personal_data"]
        return (
            f'<tr class="{cls}"><td class="l">{label}</td><td>{m["objects_scanned"]}</td>'
            f'<td class="{"pd" if pd else ""}">{pd}</td><td>{m["quarantined"]}</td><td>{m["rows"]}</td>'
            f'<td>{m["distinct_subjects"]}</td><td>{m["roles"].get("primary", 0)}</td>'
            f'<td>{m["roles"].get("self_disclosed", 0)}</td><td>{m["roles"].get("mentioned", 0)}</td>'
            f'<td class="types">{_types_cell(m["entity_types"])}</td>'
            f'<td class="when">{_day(m["oldest_observed_at"])}</td>'
            f'<td class="when">{_day(m["newest_observed_at"])}</td></tr>'
        )

    body = "".join(row(f"{_e(zone['zone'])}/{_e(p['prefix'])}", p) for p in zone["prefixes"])
    body += row(f"{_e(zone['zone'])} (all)", zone, "total")
    return (f'<section class="zone" id="zone-{_e(zone["zone"])}"><h2>Zone: {_e(zone["zone"])}</h2>'
            f'<div class="scroll"><table>{head}{body}</table></div></section>')


def render_html(report: dict[str, Any]) -> str:
    """One self-contained page: inline CSS and SVG, no scripts, no external resources."""
    s = report["summary"]
    cards = [
        ("objects-scanned", s["objects_scanned"], "raw objects scanned"),
        ("objects-with-personal-data", s["objects_with_personal_data"], "raw objects with personal data"),
        ("derived-objects", s["derived_objects"], "derived objects (private + redacted)"),
        ("derived-with-personal-data", s["derived_objects_with_personal_data"], "derived objects with personal data"),
        ("quarantined", s["quarantined"], "quarantined (not scanned)"),
        ("index-rows", s["index_rows"], "index rows"),
        ("distinct-subjects", s["distinct_subjects"], "distinct subjects (keyed identifiers)"),
        ("identity-links", s["identity_links"], "identity links"),
    ]
    card_html = "".join(
        f'<div class="card" id="{k}"><span class="num">{v}</span><span class="label">{_e(label)}</span></div>'
        for k, v, label in cards
    )
    zones = report["zones"]
    charts = [
        ("Index rows by entity type", svg_bar_chart("Index rows by entity type", s["entity_types"],
                                                    chart_id="chart-entity-types")),
        ("Index rows by role", svg_bar_chart("Index rows by role", s["roles"], colours=_ROLE_COLOURS,
                                             chart_id="chart-roles")),
        ("Objects per zone", svg_grouped_bars(
            "Objects per zone", [z["zone"] for z in zones],
            {"scanned": [z["objects_scanned"] for z in zones],
             "with personal data": [z["objects_with_personal_data"] for z in zones],
             "quarantined": [z["quarantined"] for z in zones]},
            width=max(460, 110 * len(zones) + 60), chart_id="chart-zones")),
        ("Index rows by identifier type", svg_bar_chart("Index rows by identifier type", s["identifier_types"],
                                                        chart_id="chart-identifier-types")),
    ]
    chart_html = "".join(f'<div class="chart"><h3>{_e(t)}</h3>{svg}</div>' for t, svg in charts)
    observed = (f"observed {_day(s['oldest_observed_at'])} to {_day(s['newest_observed_at'])} (UTC)"
                if s["oldest_observed_at"] else "nothing observed yet")
    warn = (f'<p class="note">{s["ledger_unreadable"]} ledger record(s) could not be read.</p>'
            if s["ledger_unreadable"] else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>callscrub discovery report</title>
<style>{_CSS}</style></head>
<body>
<header><h1>Where personal data lives</h1>
<p>callscrub discovery report for <code>{_e(report["root"])}</code> &middot; generated
<time id="generated-at" datetime="{_e(report["generated_at"])}">{_e(report["generated_at"])}</time></p></header>
<main>
<section id="summary"><h2>Summary</h2><div class="cards">{card_html}</div>
<p class="note">{observed}. Counts only: no values, subject keys or object names. A subject is a keyed
identifier (one person's e-mail and phone count as two); an object has personal data when the subject
index holds rows for it. Quarantined objects were not scanned: their content is unknown.</p>{warn}</section>
<section id="charts"><h2>Charts</h2><div class="charts">{chart_html}</div></section>
{"".join(_zone_table(z) for z in zones)}
</main>
<footer>Index generation {s["index_generation"]}; {s["ledger_entries"]} ledger record(s).</footer>
</body></html>
"""
