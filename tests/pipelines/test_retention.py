"""Retention deletes exactly what has expired, respects legal holds, and keeps the index truthful."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callscrub.config import RetentionSettings, Settings
from pipelines.discover import WorkItem
from pipelines.retention import Rule, add_hold, apply, load_holds, new_hold, plan, release_hold
from pipelines.steps import Runtime, process_item
from storage.index.keys import subject_key
from storage.index.reader import IndexReader
from storage.layout import Layout
from tests.conftest import run_cli

SECRET = "r" * 40
NOW = datetime.now(tz=UTC)


def _chat(email: str) -> bytes:
    return json.dumps({"chat_id": "c", "started_at": "2026-01-05T10:00:00Z", "messages": [
        {"ts": "2026-01-05T10:00:00Z", "sender": "customer", "text": f"my email is {email}"}]}).encode()


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime.build(Settings(secret_key=SECRET))


def _deployment(tmp_path: Path, runtime: Runtime) -> Layout:
    (tmp_path / "raw").mkdir()
    layout = Layout.from_uris(str(tmp_path / "raw"), str(tmp_path / "root"))
    for name, email in (("old.json", "old.one@example.com"), ("new.json", "new.one@example.com")):
        put = layout.raw.put(name, _chat(email))
        assert process_item(layout, WorkItem(name, "chat", put.etag, 1), runtime, "run1").status == "processed"
    return layout


def _age(root: Path, days: int, *rel: str) -> None:
    when = (NOW - timedelta(days=days)).timestamp()
    for r in rel:
        os.utime(root / r, (when, when))


def _settings(days: dict[str, int]) -> Settings:
    return Settings(secret_key=SECRET, retention=RetentionSettings(days=days))


def _key(email: str) -> str:
    return subject_key(SECRET, "email", email)


def test_rules_pick_the_most_specific() -> None:
    rules = [Rule.parse(s, d) for s, d in {"raw": 10, "raw:chat": 20, "redacted": 30, "redacted/chats": 40}.items()]
    best = lambda zone, key, kind: max((r for r in rules if r.covers(zone, key, kind)), key=lambda r: r.specificity)  # noqa: E731
    assert best("raw", "a.json", "chat").days == 20 and best("raw", "a.ogg", "recording").days == 10
    assert best("redacted", "chats/a.json", None).days == 40 and best("redacted", "audio/a.ogg", None).days == 30


def test_bad_rules_are_config_errors() -> None:
    for bad in ({"index": 10}, {"private:chat": 10}, {"raw": 0}):
        with pytest.raises(ValueError):
            RetentionSettings(days=bad)


def test_exactly_the_expired_objects_are_deleted_and_the_index_follows(tmp_path: Path, runtime: Runtime) -> None:
    layout = _deployment(tmp_path, runtime)
    root, raw = tmp_path / "root", tmp_path / "raw"
    _age(raw, 100, "old.json")
    _age(root, 100, "redacted/chats/old.json", "private/detections/old.json.json")
    settings = _settings({"raw:chat": 90, "redacted/chats": 365, "private": 60})
    before = {r["object_uri"] for r in IndexReader(layout.zone("index")).find([_key("old.one@example.com")]).to_pylist()}
    assert layout.raw.uri_for("old.json") in before

    dry = apply(layout, settings, dry_run=True)
    assert {(e.zone, e.key) for e in dry.deleted} == {("raw", "old.json"), ("private", "detections/old.json.json")}
    assert (raw / "old.json").exists(), "a dry run deletes nothing"

    report = apply(layout, settings)
    assert {(e.zone, e.key) for e in report.deleted} == {("raw", "old.json"), ("private", "detections/old.json.json")}
    assert not (raw / "old.json").exists() and not (root / "private/detections/old.json.json").exists()
    assert (root / "redacted/chats/old.json").exists(), "100 days < 365: kept"
    assert (raw / "new.json").exists() and (root / "private/detections/new.json.json").exists(), "young: kept"
    assert report.index_sources_updated == 1
    after = {r["object_uri"] for r in IndexReader(layout.zone("index")).find([_key("old.one@example.com")]).to_pylist()}
    assert layout.raw.uri_for("old.json") not in after
    assert layout.zone("redacted").uri_for("chats/old.json") in after, "what remains is still found"
    assert IndexReader(layout.zone("index")).find([_key("new.one@example.com")]).num_rows > 0, "others untouched"
    assert apply(layout, settings).deleted == [], "nothing left to expire"


def test_legal_holds_keep_objects_by_prefix_and_by_subject(tmp_path: Path, runtime: Runtime) -> None:
    layout = _deployment(tmp_path, runtime)
    _age(tmp_path / "raw", 400, "old.json", "new.json")
    gov = layout.zone("governance")
    subject_hold = new_hold("case 42", subject_key=_key("old.one@example.com"))
    prefix_hold = new_hold("case 43", uri_prefix=layout.raw.uri_for("new"))
    add_hold(gov, subject_hold)
    add_hold(gov, prefix_hold)
    holds = [subject_hold, prefix_hold]
    assert {h.id for h in load_holds(gov)} == {h.id for h in holds}
    deleted, held = plan(layout, _settings({"raw": 90}))
    assert deleted == []
    assert {(e.key, e.hold) for e in held} == {("old.json", holds[0].id), ("new.json", holds[1].id)}
    assert release_hold(gov, prefix_hold.id) and not release_hold(gov, prefix_hold.id)
    deleted, held = plan(layout, _settings({"raw": 90}))
    assert [e.key for e in deleted] == ["new.json"] and [e.key for e in held] == ["old.json"]


@pytest.mark.slow
def test_cli_runs_the_flow_and_audits_it(tmp_path: Path, runtime: Runtime) -> None:
    layout = _deployment(tmp_path, runtime)
    _age(tmp_path / "raw", 100, "old.json")
    config = tmp_path / "callscrub.toml"
    config.write_text(f'raw = "{tmp_path / "raw"}"\nroot = "{tmp_path / "root"}"\nsecret_key = "{SECRET}"\n'
                      '[retention]\ndays = {{ "raw:chat" = 90 }}\n'.replace("{{", "{").replace("}}", "}"))
    dry = run_cli(["retention", "apply", "--dry-run", "--json", "--config", str(config)], tmp_path, tmp_path / "ph")
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert [o["key"] for o in json.loads(dry.stdout)["objects"]] == ["old.json"]
    assert (tmp_path / "raw/old.json").exists()
    done = run_cli(["retention", "apply", "--config", str(config)], tmp_path, tmp_path / "ph")
    assert done.returncode == 0 and "deleted 1 object" in done.stdout
    assert not (tmp_path / "raw/old.json").exists()
    shown = run_cli(["audit", "show", "--json", "--config", str(config)], tmp_path, tmp_path / "ph")
    actions = [(r["action"], r["details"]["deleted"]) for r in json.loads(shown.stdout)]
    assert actions == [("retention.plan", 0), ("retention.apply", 1)]
    assert "old.one" not in shown.stdout
