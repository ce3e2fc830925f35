"""Pass rates for supervisors, from the compliance tables in the redacted zone (DuckDB).

Per check overall, per agent and team, per ISO week; rights requests by intent; every failure
with its evidence (the redacted transcript or chat and the turn). Keyed ids and counts only.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.compliance.monitor import CHECK_SCHEMA, CHECKS_PREFIX, REQUEST_SCHEMA, REQUESTS_PREFIX
from storage.base import ObjectStore


def _table(zone: ObjectStore, prefix: str, schema: pa.Schema) -> pa.Table:
    keys = [o.key for o in zone.list(prefix + "/") if o.key.endswith(".parquet")]
    if not keys:
        return schema.empty_table()
    import pyarrow.dataset as ds

    from storage.index.reader import _arrow_filesystem

    fs = _arrow_filesystem(zone)
    paths = [zone.presign(k) for k in keys] if fs is None else [zone.uri_for(k).removeprefix("s3://") for k in keys]
    return ds.dataset(paths, schema=schema, format="parquet", filesystem=fs).to_table()


def _rate(passed: int, failed: int) -> float | None:
    return round(passed / (passed + failed), 4) if passed + failed else None


def build_report(redacted: ObjectStore) -> dict[str, Any]:
    con = duckdb.connect()
    con.register("checks", _table(redacted, CHECKS_PREFIX, CHECK_SCHEMA))
    con.register("requests", _table(redacted, REQUESTS_PREFIX, REQUEST_SCHEMA))

    def rows(sql: str) -> list[dict[str, Any]]:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    counted = ("count(*) FILTER (WHERE outcome = 'pass') AS passed, "
               "count(*) FILTER (WHERE outcome = 'fail') AS failed, count(*) FILTER (WHERE outcome = 'na') AS na")

    def grouped(by: str) -> list[dict[str, Any]]:
        out = rows(f"SELECT {by}, check_name, {counted} FROM checks GROUP BY ALL ORDER BY ALL")  # noqa: S608
        return [{**r, "pass_rate": _rate(r["passed"], r["failed"])} for r in out]

    overall = {r["check_name"]: {**r, "pass_rate": _rate(r["passed"], r["failed"])}
               for r in rows(f"SELECT check_name, {counted} FROM checks GROUP BY 1 ORDER BY 1")}  # noqa: S608
    report = {
        "generated_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "conversations": con.execute("SELECT count(DISTINCT conversation_id) FROM checks").fetchone()[0],
        "checks": overall,
        "by_agent": grouped("coalesce(agent_id, 'unknown') AS agent_id"),
        "by_team": grouped("coalesce(team, 'unknown') AS team"),
        "by_week": grouped("strftime(coalesce(started_at, processed_at), '%G-W%V') AS week"),
        "requests": {r["intent"]: r["n"] for r in rows("SELECT intent, count(*) AS n FROM requests GROUP BY 1 ORDER BY 1")},
        "failures": rows("SELECT check_name, conversation_id, agent_id, team, queue, channel, evidence_turn, "
                         "evidence_start_s, evidence_uri FROM checks WHERE outcome = 'fail' "
                         "ORDER BY check_name, started_at, conversation_id"),
    }
    con.close()
    return report


def render_html(report: dict[str, Any]) -> str:
    from pipelines.discover_report import svg_bar_chart

    e = html.escape
    rates = {name: round(100 * c["pass_rate"]) for name, c in report["checks"].items() if c["pass_rate"] is not None}
    weeks: dict[str, list[float]] = {}
    for r in report["by_week"]:
        if r["pass_rate"] is not None:
            weeks.setdefault(r["week"], []).append(r["pass_rate"])
    weekly = {w: round(100 * sum(v) / len(v)) for w, v in sorted(weeks.items())}
    agents: dict[str, list[float]] = {}
    for r in report["by_agent"]:
        if r["pass_rate"] is not None:
            agents.setdefault(r["agent_id"], []).append(r["pass_rate"])
    per_agent = {a: round(100 * sum(v) / len(v)) for a, v in sorted(agents.items())}
    fails = "".join(
        f"<tr><td>{e(f['check_name'])}</td><td>{e(f['conversation_id'])}</td><td>{e(str(f['agent_id'] or ''))}</td>"
        f"<td>{e(str(f['queue'] or ''))}</td><td>turn {e(str(f['evidence_turn']))}</td>"
        f"<td><a href=\"{e(f['evidence_uri'] or '')}\">redacted evidence</a></td></tr>"
        for f in report["failures"])
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>callscrub compliance report</title>
<style>body{{font-family:sans-serif;margin:24px;color:#222}}table{{border-collapse:collapse}}
td,th{{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}}.charts{{display:flex;gap:32px;flex-wrap:wrap}}</style>
</head><body><h1>Compliance report</h1>
<p id="summary">{report['conversations']} conversation(s); generated {e(report['generated_at'])}.
Rights requests detected: {e(', '.join(f'{k} {v}' for k, v in report['requests'].items()) or 'none')}.</p>
<div class="charts">
<div><h2>Pass rate by check (%)</h2>{svg_bar_chart('pass rate by check', rates, chart_id='by-check')}</div>
<div><h2>Pass rate by week (%)</h2>{svg_bar_chart('pass rate by week', weekly, chart_id='by-week')}</div>
<div><h2>Pass rate by agent (%)</h2>{svg_bar_chart('pass rate by agent', per_agent, chart_id='by-agent')}</div>
</div><h2>Failures</h2><table id="failures"><tr><th>check</th><th>conversation</th><th>agent</th><th>queue</th>
<th>where</th><th>evidence</th></tr>{fails}</table></body></html>"""
