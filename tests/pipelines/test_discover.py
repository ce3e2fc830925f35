"""`callscrub discover` on a real demo run's index: numbers, no leaks, and the HTML in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import CliRun, planted_values

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
# The real CLI app, with `discover` registered here until pipelines/cli.py registers it itself.
_CLI = (
    "import pipelines.cli as c, pipelines.cli_discover as d\n"
    "if not any(i.name == 'discover' for i in c.app.registered_commands):\n"
    "    d.register(c.app)\n"
    "c.main()\n"
)


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def discover(args: list[str], cwd: Path, prefect_home: Path, env: dict[str, str] | None = None) -> Result:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("CALLSCRUB_")}
    full_env = {**inherited, "PREFECT_HOME": str(prefect_home), "COLUMNS": "120", **(env or {})}
    proc = subprocess.run([sys.executable, "-c", _CLI, "discover", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@dataclass(frozen=True)
class Report:
    data: dict[str, Any]
    text: str
    html: str
    html_path: Path


@pytest.fixture(scope="module")
def report(demo_run: CliRun, tmp_path_factory: pytest.TempPathFactory) -> Report:
    assert demo_run.returncode == 0, demo_run.stderr[-2000:]
    out = tmp_path_factory.mktemp("discover") / "report.html"
    config = demo_run.workdir / "work" / "callscrub.toml"
    result = discover(["--config", str(config), "--json", "--html", str(out)], demo_run.workdir, demo_run.prefect_home)
    assert result.returncode == 0, result.stderr[-2000:]
    return Report(json.loads(result.stdout), result.stdout, out.read_text(encoding="utf-8"), out)


@pytest.fixture(scope="module")
def index(demo_run: CliRun):  # noqa: ANN201 - IndexReader over the demo's index zone
    from callscrub.config import load_settings
    from pipelines.cli_index import _index_store
    from storage.index.reader import IndexReader

    return IndexReader(_index_store(load_settings(demo_run.workdir / "work" / "callscrub.toml")))


def _counts(index, column: str) -> dict[str, int]:  # noqa: ANN001
    assert column in ("entity_type", "role", "identifier_type")
    return dict(index.con.sql(f"SELECT {column}, count(*) FROM subjects GROUP BY 1").fetchall())


def test_numbers_match_the_index(report: Report, index) -> None:  # noqa: ANN001
    s = report.data["summary"]
    objects = index.con.sql("SELECT object_kind, rows FROM objects").fetchall()
    assert len(objects) == 6 and all(rows > 0 for _, rows in objects), "six conversations, all with personal data"
    # raw objects: the six conversations plus the two metadata sidecars (they hold identifiers in clear)
    assert s["objects_scanned"] == s["objects_with_personal_data"] == 8
    assert s["quarantined"] == 0
    assert s["index_rows"] == index.con.sql("SELECT count(*) FROM subjects").fetchall()[0][0]
    assert s["distinct_subjects"] == index.con.sql("SELECT count(DISTINCT subject_key) FROM subjects").fetchall()[0][0]
    pairs = index.con.sql("SELECT DISTINCT key_a, key_b FROM links").fetchall()
    assert s["identity_links"] == len(pairs) > 0
    assert s["entity_types"] == _counts(index, "entity_type")
    assert {"PHONE_NUMBER", "EMAIL_ADDRESS", "PERSON", "CREDIT_CARD"} <= set(s["entity_types"])
    assert s["roles"] == {"primary": 0, "self_disclosed": 0, "mentioned": 0} | _counts(index, "role")
    assert all(s["roles"][r] > 0 for r in ("primary", "self_disclosed", "mentioned"))
    assert sum(s["roles"].values()) == s["index_rows"]
    span = index.con.sql("SELECT min(observed_at) AS oldest, max(observed_at) AS newest FROM ("
                         "SELECT observed_at FROM subjects UNION ALL SELECT observed_at FROM objects)")
    span = span.to_arrow_table().to_pylist()[0]
    assert s["oldest_observed_at"] == span["oldest"].isoformat().replace("+00:00", "Z")
    assert s["newest_observed_at"] == span["newest"].isoformat().replace("+00:00", "Z")

    zones = {z["zone"]: z for z in report.data["zones"]}
    assert list(zones) == ["raw", "private", "redacted"]
    raw = zones["raw"]
    assert [p["prefix"] for p in raw["prefixes"]] == ["(root)"]
    assert raw["object_kinds"] == {"recording": 3, "chat": 3, "metadata": 2}, "recordings, chats and sidecars"
    assert raw["objects_scanned"] == raw["objects_with_personal_data"] == 8
    assert raw["distinct_subjects"] == s["distinct_subjects"], "every subject was found in a raw object"
    prefixes = {(z, p["prefix"]): p for z, zone in zones.items() for p in zone["prefixes"]}
    assert set(prefixes) == {("raw", "(root)"), ("private", "transcripts"), ("private", "detections"),
                             ("private", "verification"), ("redacted", "transcripts"), ("redacted", "audio"),
                             ("redacted", "chats"), ("redacted", "dataset"), ("redacted", "compliance")}
    assert prefixes["private", "transcripts"]["objects_scanned"] == 3
    assert prefixes["private", "detections"]["objects_scanned"] == 6
    chats = prefixes["redacted", "chats"]
    # redacted chats hold no values, but they are the customers' own conversations: indexed for erasure
    assert (chats["objects_scanned"], chats["objects_with_personal_data"]) == (3, 3) and chats["rows"] > 0
    # Zone totals are the sums of their prefixes; the summary is the sum of the zones.
    for zone in zones.values():
        for metric in ("objects_scanned", "objects_with_personal_data", "quarantined", "rows"):
            assert zone[metric] == sum(p[metric] for p in zone["prefixes"]), (zone["zone"], metric)
        for role in ("primary", "self_disclosed", "mentioned"):
            assert zone["roles"][role] == sum(p["roles"][role] for p in zone["prefixes"])
    assert sum(z["rows"] for z in zones.values()) == s["index_rows"]
    # 30 outputs, plus two compliance tables (checks, requests) per conversation
    assert s["derived_objects"] == zones["private"]["objects_scanned"] + zones["redacted"]["objects_scanned"] == 42
    assert s["objects_with_personal_data_all_zones"] == len(
        index.con.sql("SELECT DISTINCT object_uri FROM subjects").fetchall())


def test_no_values_or_keys_in_the_report(report: Report, index, truth) -> None:  # noqa: ANN001
    keys = {k for (k,) in index.con.sql(
        "SELECT subject_key FROM subjects UNION SELECT key_a FROM links UNION SELECT key_b FROM links").fetchall()}
    assert keys
    for name, text in (("json", report.text), ("html", report.html)):
        lowered = text.lower()
        leaked = sorted(v for v in planted_values(truth) if v.lower() in lowered)
        assert not leaked, f"{name} report shows planted values: {len(leaked)}"
        assert not [k for k in keys if k in text], f"{name} report shows subject keys"
        assert not re.search(r"[0-9a-f]{32,}", text), f"{name} report holds something key-like"
        assert "call-0001" not in text and "chat-0001" not in text, f"{name} report names objects"


def test_needs_only_the_root(report: Report, demo_run: CliRun, tmp_path: Path) -> None:
    # No config, no secret: --root alone gives the same report.
    work = demo_run.workdir / "work"
    result = discover(["--root", str(work), "--json"], tmp_path, demo_run.prefect_home)
    assert result.returncode == 0, result.stderr[-2000:]
    again = json.loads(result.stdout)

    def stable(r: dict[str, Any]) -> dict[str, Any]:
        return {**r, "generated_at": None, "summary": {**r["summary"], "index_generation": None}}

    assert stable(again) == stable(report.data)
    table = discover(["--root", str(work)], tmp_path, demo_run.prefect_home)
    assert table.returncode == 0 and "private/transcripts" in table.stdout and "EMAIL_ADDRESS" in table.stdout


def test_usage_errors_exit_2(demo_run: CliRun, tmp_path: Path) -> None:
    no_root = discover([], tmp_path, demo_run.prefect_home)
    assert no_root.returncode == 2 and "--root" in no_root.stderr
    missing = discover(["--config", str(tmp_path / "nope.toml")], tmp_path, demo_run.prefect_home)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    unwritable = discover(["--root", str(demo_run.workdir / "work"), "--html", str(tmp_path / "no" / "r.html")],
                          tmp_path, demo_run.prefect_home)
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr
    empty = discover(["--root", str(tmp_path / "nothing-here"), "--json"], tmp_path, demo_run.prefect_home)
    assert empty.returncode == 0 and json.loads(empty.stdout)["summary"]["objects_scanned"] == 0
    assert "nothing has been processed" in empty.stderr


def test_html_is_self_contained(report: Report) -> None:
    page = report.html
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<script|<link|@import|url\(|src=", page, re.I), "no external or active content"
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page), "no network references"
    assert page.count("<svg") >= 4 and report.data["generated_at"] in page


def _decode_png(data: bytes) -> np.ndarray:
    """A minimal PNG decoder (8-bit RGB/RGBA, not interlaced): enough for a Chromium screenshot."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * bpp)
    out = np.zeros((height, width * bpp), np.int32)
    prev = np.zeros(width * bpp, np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if kind == 0:
            cur = line
        elif kind == 1:
            cur = (np.cumsum(line.reshape(width, bpp), axis=0) & 255).reshape(-1)
        elif kind == 2:
            cur = (line + prev) & 255
        else:  # average and Paeth depend on the pixel just decoded: byte by byte
            cur = line.copy()
            for x in range(cur.size):
                a = cur[x - bpp] if x >= bpp else 0
                b = prev[x]
                if kind == 3:
                    cur[x] = (cur[x] + ((a + b) >> 1)) & 255
                else:
                    c = prev[x - bpp] if x >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    cur[x] = (cur[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out[y] = cur
        prev = cur
    return out.reshape(height, width, bpp)[:, :, :3].astype(np.uint8)


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}"]
    env = {**os.environ, "HOME": str(profile)}
    return subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(report: Report, tmp_path: Path) -> None:
    url = report.html_path.resolve().as_uri()
    shot = tmp_path / "report.png"
    done = _chromium([f"--screenshot={shot}", "--window-size=1200,1600", url], tmp_path / "profile-shot")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    assert shot.stat().st_size > 30_000, "a blank page compresses to almost nothing"
    img = _decode_png(shot.read_bytes())
    assert img.shape == (1600, 1200, 3)
    assert img.std() > 20, "the screenshot is (nearly) one colour"
    assert (img[10:60, 10:1100] < 60).all(axis=2).mean() > 0.9, "the dark page header is drawn"
    for colour in ((0x2F, 0x6F, 0xAD), (0xE0, 0x7B, 0x39), (0xB8, 0x46, 0x3F)):  # bar colours of the charts
        assert (img == colour).all(axis=2).sum() > 500, f"no chart bars in colour {colour}"

    dom = _chromium(["--dump-dom", url], tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = dom.stdout
    assert page.count("<svg") >= 4 and page.count("<rect") >= 20
    for chart in ("chart-entity-types", "chart-roles", "chart-zones"):
        assert re.search(rf'<svg[^>]*id="{chart}"', page), chart
    s = report.data["summary"]
    for card, value in (("objects-scanned", s["objects_scanned"]), ("distinct-subjects", s["distinct_subjects"]),
                        ("objects-with-personal-data", s["objects_with_personal_data"]),
                        ("index-rows", s["index_rows"]), ("quarantined", s["quarantined"])):
        found = re.search(rf'id="{card}"[^>]*>\s*<span class="num">(\d+)</span>', page)
        assert found and int(found.group(1)) == value, card
    for entity, n in s["entity_types"].items():
        assert f'data-label="{entity}" data-value="{n}"' in page, entity
    assert report.data["generated_at"] in page
