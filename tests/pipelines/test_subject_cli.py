"""`callscrub subject find` and `index compact` on a real demo run's index."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CliRun, run_cli

pytestmark = pytest.mark.slow


def _find(demo_run: CliRun, *args: str) -> dict:
    config = str(demo_run.workdir / "work" / "callscrub.toml")
    result = run_cli(["subject", "find", "--config", config, "--json", *args], demo_run.workdir, demo_run.prefect_home)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_find_by_sidecar_email_shows_every_zone(demo_run: CliRun) -> None:
    out = _find(demo_run, "--email", " Maria.Gonzalez@EXAMPLE.com ")
    kinds = {r["object_kind"] for r in out["rows"]}
    assert {"recording", "transcript", "redacted_audio", "redacted_transcript"} <= kinds
    assert set(out["by_zone"]) >= {"raw", "private", "redacted"}
    assert all(r["source_uri"].endswith("raw/call-0001.ogg") for r in out["rows"])


def test_phone_in_any_format_and_links(demo_run: CliRun) -> None:
    by_phone = _find(demo_run, "--phone", "(212) 555-0198")
    assert any(r["role"] == "primary" for r in by_phone["rows"])
    by_id = _find(demo_run, "--customer-id", "cust-004417", "--expand")
    assert {link["type"] for link in by_id["linked"]} == {"email", "phone"}


def test_typed_chat_values_are_found(demo_run: CliRun) -> None:
    out = _find(demo_run, "--email", "emily.clarke@example.org")
    assert [r["object_kind"] for r in out["rows"]] and {r["role"] for r in out["rows"]} == {"self_disclosed"}
    assert all(r["source_uri"].endswith("chat-0001.json") for r in out["rows"])


def test_output_holds_keys_not_values(demo_run: CliRun) -> None:
    text = json.dumps(_find(demo_run, "--email", "maria.gonzalez@example.com", "--expand"))
    assert "maria" not in text.lower() and "5550198" not in text


def test_compaction_keeps_answers_identical(demo_run: CliRun) -> None:
    before = _find(demo_run, "--phone", "415-555-0142")
    config = str(demo_run.workdir / "work" / "callscrub.toml")
    result = run_cli(["index", "compact", "--config", config], demo_run.workdir, demo_run.prefect_home)
    assert result.returncode == 0, result.stderr[-2000:]
    after = _find(demo_run, "--phone", "415-555-0142")
    assert sorted(map(json.dumps, before["rows"])) == sorted(map(json.dumps, after["rows"])) and after["rows"]


def test_refuses_without_a_secret(tmp_path) -> None:  # noqa: ANN001
    result = run_cli(["subject", "find", "--root", str(tmp_path), "--email", "a@b.co"], tmp_path, tmp_path / "ph")
    assert result.returncode == 2 and "secret" in result.stderr.lower()
    assert "a@b.co" not in result.stderr


def test_rotate_key_rekeys_every_row(demo_run: CliRun) -> None:
    """Rotate in place, check, and rotate back (the session's other tests share this index)."""
    import tomllib

    config = demo_run.workdir / "work" / "callscrub.toml"
    old_secret = tomllib.loads(config.read_text())["secret_key"]
    new_secret = "n" * 40

    def run(args: list[str], env: dict[str, str]) -> CliRun:
        r = run_cli([*args, "--config", str(config)], demo_run.workdir, demo_run.prefect_home, env=env)
        assert r.returncode == 0, r.stderr[-2000:]
        return r

    def find(secret: str) -> list[dict]:
        out = run(["subject", "find", "--json", "--phone", "415-555-0142"], {"CALLSCRUB_SECRET_KEY": secret})
        return json.loads(out.stdout)["rows"]

    def strip(rows: list[dict]) -> list[str]:
        return sorted(json.dumps({k: v for k, v in r.items() if k not in ("subject_key", "run_id", "observed_at")})
                      for r in rows)

    before = find(old_secret)
    rotated = run(["index", "rotate-key"], {"CALLSCRUB_NEW_SECRET_KEY": new_secret})
    try:
        assert "re-keyed 6 objects" in rotated.stdout
        after = find(new_secret)
        assert find(old_secret) == [], "the old key finds nothing any more"
        assert strip(after) == strip(before) and after
        assert {r["subject_key"] for r in after}.isdisjoint({r["subject_key"] for r in before})
    finally:
        run(["index", "rotate-key"], {"CALLSCRUB_SECRET_KEY": new_secret, "CALLSCRUB_NEW_SECRET_KEY": old_secret})
    assert strip(find(old_secret)) == strip(before)
