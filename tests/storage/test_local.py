from __future__ import annotations

import os
from pathlib import Path

import pytest

from callscrub.errors import ObjectNotFoundError, UnsafeKeyError
from storage.local import TMP_PREFIX, LocalStore
from storage.open import open_store
from storage.uri import parse_uri


@pytest.fixture()
def store(tmp_path: Path) -> LocalStore:
    s = open_store(f"file://{tmp_path}/zone")
    assert isinstance(s, LocalStore)
    return s


def test_put_get_head_list_delete(store: LocalStore) -> None:
    info = store.put("a/b c.txt", b"hello")
    assert info.size == 5
    assert store.get("a/b c.txt") == b"hello"
    head = store.head("a/b c.txt")
    assert head is not None and head.etag == info.etag
    store.put("z.txt", b"z")
    assert [o.key for o in store.list()] == ["a/b c.txt", "z.txt"]
    assert [o.key for o in store.list("a/")] == ["a/b c.txt"]
    assert store.delete("a/b c.txt") == 1
    assert store.delete("a/b c.txt") == 0
    assert store.head("a/b c.txt") is None
    assert not (Path(store.location.prefix) / "a").exists(), "empty folders are tidied away"
    with pytest.raises(ObjectNotFoundError):
        store.get("a/b c.txt")


def test_etag_changes_when_content_changes(store: LocalStore) -> None:
    first = store.put("k", b"one").etag
    assert store.put("k", b"other content").etag != first


def test_in_flight_temporary_files_are_not_listed(store: LocalStore) -> None:
    store.put("real.txt", b"x")
    (Path(store.location.prefix) / f"{TMP_PREFIX}abc").write_bytes(b"partial")
    assert [o.key for o in store.list()] == ["real.txt"]


def test_traversal_keys_never_touch_the_filesystem(store: LocalStore, tmp_path: Path) -> None:
    for key in ("../escape.txt", "/abs.txt", "a/../../escape.txt"):
        with pytest.raises(UnsafeKeyError):
            store.put(key, b"x")
    assert not (tmp_path / "escape.txt").exists()


def test_symlink_out_of_the_root_is_refused(store: LocalStore, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = Path(store.location.prefix)
    root.mkdir(parents=True)
    os.symlink(outside, root / "link")
    with pytest.raises(UnsafeKeyError):
        store.put("link/x.txt", b"x")
    assert not (outside / "x.txt").exists()


def test_uri_round_trip(tmp_path: Path) -> None:
    uri = parse_uri(f"file://{tmp_path}/a b")
    assert parse_uri(str(uri)) == uri
    assert str(uri.child("private")).endswith("/a%20b/private")
    s3 = parse_uri("s3://bucket/pre/fix/")
    assert (s3.bucket, s3.prefix) == ("bucket", "pre/fix")
    assert str(s3.child("redacted")) == "s3://bucket/pre/fix/redacted"


@pytest.mark.parametrize("bad", ["", "ftp://x/y", "s3:///nobucket", "file://host/path", "file://relative"])
def test_bad_uris_are_config_errors(bad: str) -> None:
    from callscrub.errors import ConfigError

    with pytest.raises(ConfigError):
        parse_uri(bad)


def test_put_new_creates_once_and_racing_writers_get_one_winner(store: LocalStore) -> None:
    from concurrent.futures import ThreadPoolExecutor

    assert store.put_new("log/1", b"first") is not None
    assert store.put_new("log/1", b"second") is None
    assert store.get("log/1") == b"first"
    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(lambda i: store.put_new("log/2", f"writer {i}".encode()), range(16)))
    assert sum(w is not None for w in won) == 1
    assert [o.key for o in store.list("log/")] == ["log/1", "log/2"], "no temporary files left behind"
