"""What a deployment holds, in a form two runs can be compared by: every output's content with the
run's own paths, run ids and times taken out, audio as decoded samples, the index as sorted rows."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from storage.index.reader import IndexReader

VOLATILE = {"run_id", "observed_at", "processed_at", "seconds", "verify_seconds", "created_at", "quarantined_at",
            "written_at", "at"}
AUDIO = (".flac", ".wav", ".ogg", ".opus", ".mp3")


def _scrub(value: Any, work: str) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, work) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_scrub(v, work) for v in value]
    if isinstance(value, str):
        return value.replace(work, "<work>")
    return value


def _audio(data: bytes) -> str:
    import soundfile as sf

    samples, rate = sf.read(io.BytesIO(data), dtype="int16", always_2d=True)
    return f"{rate}:{samples.shape}:{hashlib.sha256(samples.tobytes()).hexdigest()}"


def outputs(work: Path, zones: tuple[str, ...] = ("private", "redacted", "quarantine"),
            written_at: Path | str | None = None) -> dict[str, Any]:
    """Relative path -> comparable content, for every file in `zones`. `written_at`: where the
    deployment was when it was written (paths inside its files say so), if it has moved since."""
    out: dict[str, Any] = {}
    origin = str(written_at or work)
    for zone in zones:
        for path in sorted((work / zone).rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(work).as_posix()
            if path.suffix == ".parquet":
                rows = pq.read_table(path).to_pylist()
                out[rel] = sorted(json.dumps(_scrub(r, origin), sort_keys=True, default=str) for r in rows)
            elif path.suffix.lower() in AUDIO and "/audio/" in f"/{rel}":
                out[rel] = _audio(path.read_bytes())
            elif path.suffix == ".json":
                out[rel] = _scrub(json.loads(path.read_text()), origin)
            else:
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def index_rows(work: Path, written_at: Path | str | None = None) -> list[str]:
    """Every current subject-index row (the newest run of each object), sorted."""
    from storage.local import LocalStore
    from storage.uri import parse_uri

    reader = IndexReader(LocalStore(parse_uri(work / "index")))
    rows: list[str] = []
    for table in ("subjects", "links", "objects"):
        found = reader.con.sql(f"SELECT * FROM {table}").to_arrow_table().to_pylist()  # noqa: S608
        rows += [table + json.dumps(_scrub(r, str(written_at or work)), sort_keys=True, default=str) for r in found]
    return sorted(rows)
