"""The analyst dataset: one row per turn/message, Hive-partitioned by date, keyed ids, no values."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from callscrub.config import Settings
from pipelines.dataset import TURN_SCHEMA, conversation_id, parse_time
from pipelines.discover import WorkItem
from pipelines.steps import Runtime, process_item
from storage.layout import Layout
from tests.conftest import CliRun, planted_values
from tests.pipelines.test_no_leaks import _hits, readable

SECRET = "d" * 40


def _turns(root: Path) -> duckdb.DuckDBPyRelation:
    pattern = str(root / "redacted/dataset/turns/**/*.parquet")
    return duckdb.sql(f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true)")  # noqa: S608


@pytest.mark.slow
def test_demo_dataset_has_one_row_per_turn_partitioned_by_conversation_date(demo_run: CliRun) -> None:
    work = demo_run.workdir / "work"
    files = sorted((work / "redacted/dataset/turns").rglob("*.parquet"))
    assert len(files) == 6
    for f in files:
        schema = pq.read_schema(f)
        assert schema.equals(TURN_SCHEMA) and schema.metadata[b"callscrub.schema_version"] == b"1"
    turns = _turns(work)
    convs = turns.aggregate("channel, count(DISTINCT conversation_id) AS n", "channel").fetchall()
    assert dict(convs) == {"voice": 3, "chat": 3}
    dates = dict(duckdb.sql("SELECT queue, min(date)::VARCHAR FROM turns WHERE queue IS NOT NULL GROUP BY queue"
                            ).fetchall())
    assert dates == {"billing": "2026-11-02", "banking": "2026-11-03"}, "call sidecars give queue and date"
    chat_dates = {r[0] for r in duckdb.sql("SELECT date::VARCHAR FROM turns WHERE channel = 'chat'").fetchall()}
    assert chat_dates == {"2026-11-04", "2026-11-05", "2026-11-06"}, "chats: started_at, else the first message"
    summary = json.loads(demo_run.stdout)
    total = duckdb.sql("SELECT sum(entities) FROM turns").fetchall()[0][0]
    assert total == sum(summary["detections"].values()), "every detection is counted in its turn"
    by_type = dict(duckdb.sql("SELECT k, sum(v) FROM (SELECT unnest(map_keys(entity_counts)) AS k, "
                              "unnest(map_values(entity_counts)) AS v FROM turns) GROUP BY k").fetchall())
    assert by_type == summary["detections"]
    stereo = duckdb.sql("SELECT list(speaker_role ORDER BY turn), list(start_s ORDER BY turn) FROM turns "
                        "WHERE queue = 'banking'").fetchall()[0]
    assert set(stereo[0]) == {"agent", "customer"} and stereo[1] == sorted(stereo[1])


@pytest.mark.slow
def test_demo_dataset_holds_no_personal_data_or_object_names(demo_run: CliRun, truth: dict) -> None:
    work = demo_run.workdir / "work"
    files = sorted((work / "redacted/dataset/turns").rglob("*.parquet"))
    blob = b"".join(readable(f) for f in files)
    assert _hits(blob, planted_values(truth)) == set()
    for name in ("call-0001", "chat-0001", "C-0001"):
        assert name.encode() not in blob and all(name not in str(f) for f in files)


def _layout(tmp_path: Path) -> Layout:
    (tmp_path / "raw").mkdir()
    return Layout.from_uris(str(tmp_path / "raw"), str(tmp_path / "root"))


def _chat(started: str) -> bytes:
    return json.dumps({"chat_id": "x", "started_at": started, "queue": "sales", "messages": [
        {"ts": started, "sender": "customer", "text": "I'm Jo Bloggs, call me on 212-555-0198"},
        {"ts": "not a time", "sender": "agent", "text": "Thanks, noted."},
    ]}).encode()


def test_reprocessing_replaces_the_conversation_even_when_its_date_moves(tmp_path: Path) -> None:
    layout = _layout(tmp_path)
    rt = Runtime.build(Settings(secret_key=SECRET))
    for n, started in enumerate(["2026-01-05T10:00:00Z", "2026-01-07T09:00:00+01:00"]):
        put = layout.raw.put("c.json", _chat(started))
        outcome = process_item(layout, WorkItem("c.json", "chat", put.etag, 3), rt, f"run{n}")
        assert outcome.status == "processed"
    files = sorted((tmp_path / "root/redacted/dataset/turns").rglob("*.parquet"))
    cid = conversation_id(SECRET, layout.raw.uri_for("c.json"))
    assert [f.relative_to(tmp_path / "root/redacted/dataset/turns").as_posix() for f in files] == [
        f"date=2026-01-07/{cid}.parquet"]
    rows = pq.read_table(files[0]).to_pylist()
    assert [r["start_s"] for r in rows] == [0.0, None], "an unreadable message time is null, not an error"
    assert rows[0]["queue"] == "sales" and rows[0]["entities"] == 2 and "Bloggs" not in rows[0]["text"]


def test_no_secret_no_dataset(tmp_path: Path) -> None:
    layout = _layout(tmp_path)
    put = layout.raw.put("c.json", _chat("2026-01-05T10:00:00Z"))
    process_item(layout, WorkItem("c.json", "chat", put.etag, 3), Runtime.build(Settings()), "run0")
    assert not (tmp_path / "root/redacted/dataset").exists()
    assert (tmp_path / "root/redacted/chats/c.json").exists()


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-02T09:14:00Z", "2026-11-02T09:14:00+00:00"), ("2026-11-02T10:14:00+01:00", "2026-11-02T09:14:00+00:00"),
    ("2026-11-02 09:14", "2026-11-02T09:14:00+00:00"), ("yesterday", None), ("", None), (None, None), (17, None),
])
def test_parse_time_is_lenient_and_utc(value: object, expected: str | None) -> None:
    parsed = parse_time(value)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize(("sender", "role"), [
    ("agent", "agent"), ("Customer", "customer"), ("custom_bot", "custom_bot"), ("", "unknown"),
    ("Maria Gonzalez", "other"), ("maria.gonzalez@example.com", "other"),
])
def test_free_text_senders_never_reach_the_dataset(sender: str, role: str) -> None:
    from pipelines.dataset import speaker_role

    assert speaker_role(sender) == role
