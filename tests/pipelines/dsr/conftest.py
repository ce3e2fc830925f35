"""A processed deployment for data-subject requests, built once per module with the real models.

Maria Gonzalez is the primary subject of the bundled call-0001 (her sidecar holds her phone,
e-mail and customer id); John Baker's call (tests/data/dsr/call-0004, stereo) mentions her phone
number; Tom Reed's chat mentions her e-mail next to his own; Emily Clarke's chat is hers alone.
Tests get the deployment restored from a snapshot at the same path (URIs in the index stay valid).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from callscrub.config import DetectionSettings, Settings
from pipelines.discover import discover
from pipelines.flows import layout_for, runtime_for
from pipelines.steps import process_item
from storage.layout import Layout
from tests.conftest import REPO

SECRET = "d" * 40
DSR_DATA = REPO / "tests" / "data" / "dsr"
MARIA = {"email": "maria.gonzalez@example.com", "phone": "+12125550198", "customer_id": "CUST-004417"}
TOM_CHAT = {"chat_id": "chat-tom", "started_at": "2026-11-08T10:00:00Z", "queue": "billing", "messages": [
    {"ts": "2026-11-08T10:00:03Z", "sender": "customer", "text": "Hi, this is Tom Reed, my email is tom.reed@example.com"},
    {"ts": "2026-11-08T10:00:20Z", "sender": "agent", "text": "Thanks, how can I help?"},
    {"ts": "2026-11-08T10:00:45Z", "sender": "customer",
     "text": "Please copy my colleague maria.gonzalez@example.com on the invoice."},
]}


def dsr_settings(raw: Path, root: Path) -> Settings:
    return Settings(raw=str(raw), root=str(root), secret_key=SECRET, detection=DetectionSettings(
        custom_ids=[{"entity_type": "CUSTOMER_ID", "pattern": r"CUST-\d{6}", "context": ["customer", "account"]}]))


def seed_raw(raw: Path, samples_raw: Path) -> None:
    raw.mkdir(parents=True)
    for name in ("call-0001.ogg", "call-0001.json", "chat-0001.json"):
        shutil.copy2(samples_raw / name, raw / name)
    for name in ("call-0004.flac", "call-0004.json"):
        shutil.copy2(DSR_DATA / name, raw / name)
    (raw / "chat-tom.json").write_text(json.dumps(TOM_CHAT, indent=1))


def process_all(layout: Layout, settings: Settings, run_id: str = "seed") -> list:
    items, _ = discover(layout.raw, layout.zone("index"), settings.fingerprint())
    return [process_item(layout, item, runtime_for(settings), run_id) for item in items]


@dataclass(frozen=True)
class Deployment:
    base: Path
    settings: Settings

    @property
    def live(self) -> Path:
        return self.base / "live"

    @property
    def layout(self) -> Layout:
        return layout_for(self.settings)

    def config(self) -> Path:
        """A TOML config for CLI runs of this deployment (at its root, where the DPO notebook looks)."""
        path = self.live / "callscrub.toml"
        path.write_text(f'raw = "{self.live / "raw"}"\nroot = "{self.live}"\nsecret_key = "{SECRET}"\n'
                        '[[detection.custom_ids]]\nentity_type = "CUSTOMER_ID"\npattern = "CUST-\\\\d{6}"\n'
                        'context = ["customer", "account"]\n')
        return path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, samples_raw: Path) -> Deployment:
    base = tmp_path_factory.mktemp("dsr")
    live = base / "live"
    seed_raw(live / "raw", samples_raw)
    dep = Deployment(base, dsr_settings(live / "raw", live))
    outcomes = process_all(dep.layout, dep.settings)
    assert {o.status for o in outcomes} == {"processed"}, [(o.key, o.code) for o in outcomes]
    shutil.copytree(live, base / "snapshot")
    return dep


@pytest.fixture
def deployment(pristine: Deployment) -> Deployment:
    """The processed deployment as it was before any test changed it."""
    shutil.rmtree(pristine.live)
    shutil.copytree(pristine.base / "snapshot", pristine.live)
    return pristine
