"""Requests against S3 (moto's standalone server over HTTP, versioned buckets): erasure leaves no
version of the subject's objects and no older version of what it rewrote; exports come back as
presigned URLs; the tombstone erases a re-uploaded copy."""

from __future__ import annotations

import io
import json
import urllib.request
import zipfile
from pathlib import Path

import pytest

from callscrub.config import S3Settings
from pipelines.dsr.queue import process, submit
from pipelines.flows import layout_for
from tests.pipelines.dsr.conftest import DSR_DATA, MARIA, TOM_CHAT, dsr_settings, process_all

pytestmark = [pytest.mark.s3, pytest.mark.slow]


def _versions(client, bucket: str, needle: str) -> list[str]:  # noqa: ANN001
    out = []
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        out += [v["Key"] for v in page.get("Versions", []) + page.get("DeleteMarkers", []) if needle in v["Key"]]
    return out


def test_erasure_and_export_on_versioned_s3(s3_server, samples_raw: Path, tmp_path: Path) -> None:  # noqa: ANN001
    client = s3_server.client()
    raw_bucket, data_bucket = s3_server.versioned_bucket("dsr-raw"), s3_server.versioned_bucket("dsr-data")
    put = lambda key, body: client.put_object(Bucket=raw_bucket, Key=f"in/{key}", Body=body)  # noqa: E731
    put("call-0001.ogg", b"an older upload of the same call")  # a second version of her recording
    for name in ("call-0001.ogg", "call-0001.json"):
        put(name, (samples_raw / name).read_bytes())
    for name in ("call-0004.flac", "call-0004.json"):
        put(name, (DSR_DATA / name).read_bytes())
    put("chat-tom.json", json.dumps(TOM_CHAT).encode())
    local = dsr_settings(tmp_path / "unused", tmp_path / "unused")
    settings = local.model_copy(update={"raw": f"s3://{raw_bucket}/in", "root": f"s3://{data_bucket}/prod",
                                        "s3": S3Settings(endpoint_url=s3_server.endpoint, region="us-east-1")})
    layout = layout_for(settings)
    assert {o.status for o in process_all(layout, settings)} == {"processed"}

    erasure = submit(layout, settings, "erasure", {"phone": "(212) 555-0198"})
    result = process(layout, settings, erasure.id)
    assert result["verified"] and (result["delete"], result["redact"]) == (1, 2)
    assert result["versions_removed"] >= 9  # both versions of the recording, its sidecar, every output
    for bucket in (raw_bucket, data_bucket):
        assert _versions(client, bucket, "call-0001") == [], bucket
    for bucket, key in ((raw_bucket, "in/call-0004.flac"), (raw_bucket, "in/chat-tom.json"),
                        (data_bucket, "prod/redacted/audio/call-0004.flac"),
                        (data_bucket, "prod/private/transcripts/call-0004.flac.json"),
                        (data_bucket, "prod/redacted/chats/chat-tom.json")):
        assert _versions(client, bucket, key) == [key], key  # the rewrite, and no older version of it
    chat = client.get_object(Bucket=raw_bucket, Key="in/chat-tom.json")["Body"].read().decode()
    assert "maria.gonzalez" not in chat and "tom.reed@example.com" in chat

    access = submit(layout, settings, "access", {"email": "tom.reed@example.com"})
    out = process(layout, settings, access.id)
    assert out["export"].startswith(s3_server.endpoint) and "Expires=" in out["export"]
    with urllib.request.urlopen(out["export"], timeout=30) as resp:  # noqa: S310 - moto on 127.0.0.1
        archive = zipfile.ZipFile(io.BytesIO(resp.read()))
    chat = json.loads(archive.read("chats/chat-tom.json"))
    assert "tom.reed@example.com" in chat["messages"][0]["text"]

    put("call-0001.ogg", (samples_raw / "call-0001.ogg").read_bytes())  # restored from a backup
    put("call-0001.json", (samples_raw / "call-0001.json").read_bytes())
    outcomes = {o.key: o for o in process_all(layout, settings, "late")}
    assert outcomes["call-0001.ogg"].reerased == "deleted"
    assert _versions(client, raw_bucket, "call-0001") == [] and _versions(client, data_bucket, "call-0001") == []
    assert MARIA["email"] not in json.dumps(result)
