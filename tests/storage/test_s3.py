"""S3Store against moto's S3 server over HTTP: the same protocol as AWS, MinIO or Ceph."""

from __future__ import annotations

import uuid

import pytest

from callscrub.errors import ObjectNotFoundError, UnsafeKeyError
from storage.s3 import S3Options, S3Store
from storage.uri import parse_uri

pytestmark = pytest.mark.s3


@pytest.fixture()
def store(s3_server) -> S3Store:  # noqa: ANN001
    bucket = s3_server.versioned_bucket(f"t-{uuid.uuid4().hex[:10]}")
    return S3Store(parse_uri(f"s3://{bucket}/deploy"), S3Options(endpoint_url=s3_server.endpoint, region="us-east-1"))


def test_put_get_list_head(store: S3Store) -> None:
    info = store.put("calls/a b.wav", b"RIFF....", "audio/wav")
    assert info.version_id
    assert store.get("calls/a b.wav") == b"RIFF...."
    assert [o.key for o in store.list()] == ["calls/a b.wav"]
    assert store.head("calls/a b.wav").etag == info.etag
    assert store.head("missing") is None
    assert store.uri_for("calls/a b.wav") == f"s3://{store.bucket}/deploy/calls/a b.wav"
    with pytest.raises(ObjectNotFoundError):
        store.get("missing")


def test_versioned_delete_leaves_no_version_or_marker(store: S3Store, s3_server) -> None:  # noqa: ANN001
    client = s3_server.client()
    for content in (b"v1", b"v2", b"v3"):
        store.put("x.json", content)
    client.delete_object(Bucket=store.bucket, Key="deploy/x.json")  # leaves a delete marker
    store.put("x.json.other", b"neighbour")  # shares the prefix: must survive
    removed = store.delete("x.json")
    assert removed == 4  # three versions and one delete marker
    listing = client.list_object_versions(Bucket=store.bucket, Prefix="deploy/x.json")
    keys = [v["Key"] for v in listing.get("Versions", []) + listing.get("DeleteMarkers", [])]
    assert keys == ["deploy/x.json.other"]


def test_server_side_encryption_is_requested(store: S3Store, s3_server) -> None:  # noqa: ANN001
    store.put("enc.txt", b"x")
    head = s3_server.client().head_object(Bucket=store.bucket, Key="deploy/enc.txt")
    assert head.get("ServerSideEncryption") == "AES256"


def test_unsafe_keys_rejected_before_any_request(store: S3Store) -> None:
    with pytest.raises(UnsafeKeyError):
        store.put("../other-prefix/x", b"x")


def test_presigned_url_fetches_the_object(store: S3Store) -> None:
    import urllib.request

    store.put("p.txt", b"presigned")
    with urllib.request.urlopen(store.presign("p.txt", 60)) as resp:  # noqa: S310 - loopback moto
        assert resp.read() == b"presigned"


def test_put_new_is_a_conditional_write(store: S3Store) -> None:
    """If-None-Match: * (the race itself is the server's to settle; moto's is not atomic)."""
    assert store.put_new("log/1", b"first") is not None
    assert store.put_new("log/1", b"second") is None
    assert store.get("log/1") == b"first"


def test_purge_history_keeps_only_the_current_version(store: S3Store, s3_server) -> None:  # noqa: ANN001
    client = s3_server.client()
    for content in (b"v1 with a value", b"v2", b"v3 rewritten"):
        store.put("t.json", content)
    store.put("t.json.other", b"neighbour")
    assert store.purge_history("t.json") == 2
    versions = client.list_object_versions(Bucket=store.bucket, Prefix="deploy/t.json")["Versions"]
    assert sorted(v["Key"] for v in versions) == ["deploy/t.json", "deploy/t.json.other"]
    assert store.get("t.json") == b"v3 rewritten"
    assert store.purge_history("t.json") == 0
