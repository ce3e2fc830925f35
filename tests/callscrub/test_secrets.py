"""Secrets come from the environment, a config file or Prefect Secret blocks; never from prefect.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callscrub.config import load_settings
from callscrub.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_prefect_yaml_holds_no_secret_values() -> None:
    text = (REPO / "prefect.yaml").read_text()
    for name in ("secret_key", "encryption_key", "aws_secret_access_key", "CALLSCRUB_SECRET_KEY:"):
        assert not re.search(rf"^\s*{re.escape(name)}\s*[:=]\s*\S", text, re.MULTILINE | re.IGNORECASE), name


@pytest.mark.slow
def test_secrets_load_from_prefect_secret_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.blocks.system import Secret
    from prefect.testing.utilities import prefect_test_harness

    from detectors.operators import new_key

    aes = new_key()
    config = tmp_path / "c.toml"
    config.write_text('secret_blocks = { secret_key = "cs-index-key", "redaction.encryption_key" = "cs-aes" }\n')
    with prefect_test_harness(server_startup_timeout=120):  # a busy 2-core machine needs more than 30 s
        Secret(value="k" * 40).save("cs-index-key")
        Secret(value=aes).save("cs-aes")
        settings = load_settings(config)
        assert settings.require_secret() == "k" * 40
        assert settings.redaction.encryption_key is not None
        assert settings.redaction.encryption_key.get_secret_value() == aes
        monkeypatch.setenv("CALLSCRUB_SECRET_KEY", "e" * 40)
        assert load_settings(config).require_secret() == "e" * 40, "an explicit setting wins over the block"
        monkeypatch.delenv("CALLSCRUB_SECRET_KEY")
        config.write_text('secret_blocks = { secret_key = "no-such-block" }\n')
        with pytest.raises(ConfigError, match="no-such-block"):
            load_settings(config)
