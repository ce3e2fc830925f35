"""The subject index: normalisation, blind keys, append-only writes, supersession, compaction, links."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storage.index.compact import compact
from storage.index.identifiers import normalise_identifier
from storage.index.keys import subject_key
from storage.index.reader import IndexReader
from storage.index.schema import LinkRow, SubjectRow
from storage.index.writer import write_object_rows
from storage.open import open_store

SECRET = "k" * 40
T0 = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "written",
    ["+1 212 555 0198", "(212) 555-0198", "212.555.0198", "212-555-0198", "2125550198", "+12125550198",
     "001 212 555 0198", " 212 555 0198 "],
)
def test_many_phone_formats_resolve_to_one_key(written: str) -> None:
    canonical = normalise_identifier("phone", written.replace("001 ", "+1 "), "US")
    assert canonical == "+12125550198"
    assert subject_key(SECRET, "phone", canonical) == subject_key(SECRET, "phone", "+12125550198")


@pytest.mark.parametrize(
    ("id_type", "a", "b"),
    [("email", " Maria.Gonzalez@Example.COM ", "maria.gonzalez@example.com"),
     ("customer_id", "CUST-004417", "cust 004417"), ("name", "Maria  GONZALEZ", "maria gonzalez"),
     ("card", "4111 1111 1111 1111", "4111-1111-1111-1111"), ("phone", "+44 20 7946 0958", "020 7946 0958")],
)
def test_normalisation_makes_forms_equal(id_type: str, a: str, b: str) -> None:
    region = "GB" if id_type == "phone" else "US"
    assert normalise_identifier(id_type, a, "US" if "+" in a else region) == normalise_identifier(id_type, b, region)


def test_keys_need_the_secret_and_differ_by_type() -> None:
    assert subject_key(SECRET, "email", "a@b.co") != subject_key("j" * 40, "email", "a@b.co")
    assert subject_key(SECRET, "email", "x") != subject_key(SECRET, "name", "x")
    with pytest.raises(ValueError):
        subject_key("", "email", "a@b.co")


def _row(key: str, uri: str, run: str, at: datetime, turn: int = 0) -> SubjectRow:
    return SubjectRow(key, "email", uri, "v1", "chat", uri, "self_disclosed", turn, 0, 5, None, None, "customer",
                      "EMAIL_ADDRESS", "test", 0.9, None, at, run)


def _write(index, uri: str, run: str, keys: list[str], at: datetime, links: list[LinkRow] = ()) -> None:  # noqa: ANN001
    rows = [_row(k, uri, run, at, i) for i, k in enumerate(keys)]
    write_object_rows(index, run, uri, "v1", "chat", rows, list(links), at)


@pytest.fixture()
def index(tmp_path: Path):  # noqa: ANN201
    return open_store(tmp_path / "index")


def test_reprocessing_replaces_rows_before_and_after_compaction(index) -> None:  # noqa: ANN001
    _write(index, "file:///raw/a.json", "run1", ["k1", "k2"], T0)
    _write(index, "file:///raw/b.json", "run1", ["k1"], T0)
    assert IndexReader(index).find(["k1"]).num_rows == 2
    _write(index, "file:///raw/a.json", "run2", ["k3"], T0 + timedelta(hours=1))  # a re-processed: k1, k2 gone
    reader = IndexReader(index)
    assert reader.find(["k1"]).column("object_uri").to_pylist() == ["file:///raw/b.json"]
    assert reader.find(["k2"]).num_rows == 0 and reader.find(["k3"]).num_rows == 1
    result = compact(index)
    assert result.rows["subjects"] == 2 and result.files_consumed == 9
    assert not list(index.list("subjects/delta/")), "consumed delta files are deleted"
    reader = IndexReader(index)
    assert reader.find(["k1"]).num_rows == 1 and reader.find(["k2"]).num_rows == 0
    _write(index, "file:///raw/b.json", "run3", [], T0 + timedelta(hours=2))  # b re-processed, now empty
    assert IndexReader(index).find(["k1"]).num_rows == 0, "a newer empty run supersedes compacted rows"


def test_compacted_files_are_sorted_with_statistics_and_bloom_filters(index) -> None:  # noqa: ANN001
    for n in range(30):
        _write(index, f"file:///raw/{n}.json", "run1", [f"key{(n * 7919) % 97:03d}", f"key{n:03d}"], T0)
    compact(index, row_group_rows=8)
    key = next(o.key for o in index.list("subjects/compacted/"))
    meta = pq.ParquetFile(index.presign(key)).metadata
    assert meta.num_row_groups >= 7
    col = [meta.schema.names.index("subject_key")][0]
    bounds = [(meta.row_group(i).column(col).statistics.min, meta.row_group(i).column(col).statistics.max)
              for i in range(meta.num_row_groups)]
    assert bounds == sorted(bounds) and all(lo <= hi for lo, hi in bounds)
    assert all(bounds[i][1] <= bounds[i + 1][0] for i in range(len(bounds) - 1)), "row groups do not overlap"
    assert all((meta.row_group(i).column(col).bloom_filter_length or 0) > 0 for i in range(meta.num_row_groups))
    assert IndexReader(index).find(["key005"]).num_rows >= 1


def test_two_writers_at_once_lose_no_rows(index) -> None:  # noqa: ANN001
    def writer(run: str) -> None:
        for n in range(25):
            _write(index, f"file:///raw/{run}-{n}.json", run, [f"{run}-{n}"], T0)

    threads = [threading.Thread(target=writer, args=(r,)) for r in ("runA", "runB")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reader = IndexReader(index)
    assert reader.con.sql("SELECT count(*) FROM subjects").fetchall()[0][0] == 50
    compact(index)
    assert IndexReader(index).con.sql("SELECT count(*) FROM subjects").fetchall()[0][0] == 50


def test_links_expand_transitively_with_evidence(index) -> None:  # noqa: ANN001
    link = LinkRow("email-key", "email", "phone-key", "phone", "file:///raw/call.ogg", "v1", T0, "run1")
    link2 = LinkRow("phone-key", "phone", "cust-key", "customer_id", "file:///raw/call2.ogg", "v1", T0, "run1")
    _write(index, "file:///raw/call.ogg", "run1", ["email-key", "phone-key"], T0, [link])
    _write(index, "file:///raw/call2.ogg", "run1", ["cust-key"], T0, [link2])
    reader = IndexReader(index)
    assert reader.linked(["email-key"]) == {"phone-key": "phone", "cust-key": "customer_id"}
    evidence = reader.evidence(["email-key"]).to_pylist()
    assert [e["object_uri"] for e in evidence] == ["file:///raw/call.ogg"]


@pytest.mark.parametrize("hostile", ["' OR '1'='1", "k1'); DROP TABLE subjects; --", "%", "*", "\\x00", "k1\nOR 1=1"])
def test_hostile_lookups_are_data_not_sql(index, hostile: str) -> None:  # noqa: ANN001
    _write(index, "file:///raw/a.json", "run1", ["k1"], T0)
    reader = IndexReader(index)
    assert reader.find([hostile]).num_rows == 0
    assert reader.linked([hostile]) == {}
    assert reader.find(["k1"]).num_rows == 1, "the index is intact afterwards"


def test_a_stale_delta_does_not_override_newer_compacted_rows(index) -> None:  # noqa: ANN001
    _write(index, "file:///raw/a.json", "new", ["k-new"], T0 + timedelta(hours=2))
    compact(index)
    # a run that started earlier and only finished now
    _write(index, "file:///raw/a.json", "old", ["k-old"], T0 + timedelta(hours=1))
    reader = IndexReader(index)
    assert reader.find(["k-new"]).num_rows == 1 and reader.find(["k-old"]).num_rows == 0
    compact(index)
    assert IndexReader(index).find(["k-old"]).num_rows == 0


def test_links_follow_the_newest_run_and_do_not_pile_up(index) -> None:  # noqa: ANN001
    def link(run: str, other: str) -> LinkRow:
        return LinkRow("email-key", "email", other, "phone", "file:///raw/call.ogg", "v1", T0, run)

    _write(index, "file:///raw/call.ogg", "run1", ["email-key"], T0, [link("run1", "old-phone")])
    _write(index, "file:///raw/call.ogg", "run2", ["email-key"], T0 + timedelta(hours=1), [link("run2", "new-phone")])
    _write(index, "file:///raw/call.ogg", "run3", ["email-key"], T0 + timedelta(hours=2), [link("run3", "new-phone")])
    reader = IndexReader(index)
    assert reader.linked(["email-key"]) == {"new-phone": "phone"}, "a corrected sidecar's old link is gone"
    assert reader.evidence(["email-key"]).num_rows == 1


def test_a_compaction_between_a_writes_rows_and_its_marker_loses_nothing(index, monkeypatch) -> None:  # noqa: ANN001
    _write(index, "file:///raw/a.json", "run1", ["k1"], T0)
    compact(index)
    put = index.put

    def put_compacting_first(key: str, data: bytes, content_type: str | None = None):  # noqa: ANN202
        if key.startswith("objects/delta/run2/"):
            compact(index)  # lands after run2's rows, before its marker
        return put(key, data, content_type)

    monkeypatch.setattr(index, "put", put_compacting_first)
    _write(index, "file:///raw/a.json", "run2", ["k1", "k2"], T0 + timedelta(hours=1))
    monkeypatch.undo()
    reader = IndexReader(index)
    assert reader.find(["k1"]).num_rows == 1 and reader.find(["k2"]).num_rows == 1
    compact(index)
    reader = IndexReader(index)
    assert reader.find(["k1"]).num_rows == 1 and reader.find(["k2"]).num_rows == 1


def test_the_flow_compacts_once_enough_objects_wait(tmp_path: Path, samples_raw: Path, monkeypatch) -> None:  # noqa: ANN001
    """maintain_index_task.fn: below the threshold nothing happens; at it, the deltas are folded in."""
    from pipelines.flows import maintain_index_task

    monkeypatch.setenv("CALLSCRUB_SECRET_KEY", SECRET)
    monkeypatch.setenv("CALLSCRUB_INDEX__COMPACT_AFTER_OBJECTS", "3")
    root = tmp_path / "root"
    index = open_store(root / "index")
    for n in range(2):
        _write(index, f"file:///raw/{n}.json", "run1", [f"k{n}"], T0)
    assert maintain_index_task.fn(str(tmp_path / "raw"), str(root), None) is False
    _write(index, "file:///raw/2.json", "run1", ["k2"], T0)
    assert maintain_index_task.fn(str(tmp_path / "raw"), str(root), None) is True
    assert not list(index.list("objects/delta/")) and IndexReader(index).find(["k0", "k1", "k2"]).num_rows == 3
