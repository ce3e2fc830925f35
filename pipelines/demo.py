"""`callscrub demo`: copy the bundled samples into a work folder and describe the deployment."""

from __future__ import annotations

import secrets
import shutil
import tomllib
from importlib.resources import files
from pathlib import Path

from storage.uri import parse_uri

CONFIG_NAME = "callscrub.toml"


def samples_dir() -> Path:
    return Path(str(files("callscrub") / "samples"))


def prepare_workdir(workdir: Path) -> Path:
    """Copy samples into `workdir/raw` and write `workdir/callscrub.toml`; returns the config path.

    An existing config keeps its secret key, so pseudonyms stay stable across demo runs.
    """
    workdir = workdir.expanduser().resolve()
    raw = workdir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for src in sorted((samples_dir() / "raw").iterdir()):
        dest = raw / src.name
        if not dest.exists() or dest.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dest)
    config = workdir / CONFIG_NAME
    secret = None
    if config.is_file():
        secret = tomllib.loads(config.read_text()).get("secret_key")
    secret = secret or secrets.token_urlsafe(32)
    config.write_text(
        "# callscrub deployment written by `callscrub demo`. Keep secret_key secret: it keys the\n"
        "# pseudonyms and the subject index. Zones live under `root`; inputs arrive in `raw`.\n"
        f'raw = "{parse_uri(raw)}"\n'
        f'root = "{parse_uri(workdir)}"\n'
        f'secret_key = "{secret}"\n'
        "\n"
        "[[detection.custom_ids]]\n"
        'entity_type = "CUSTOMER_ID"\n'
        'pattern = "CUST-\\\\d{6}"\n'
        'context = ["customer", "account"]\n'
    )
    config.chmod(0o600)
    return config
