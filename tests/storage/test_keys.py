from __future__ import annotations

import pytest

from callscrub.errors import UnsafeKeyError
from storage.keys import join_key, validate_key


@pytest.mark.parametrize(
    "key",
    [
        "", "/etc/passwd", "../secret", "a/../../b", "a/./b", "a//b", "a/", "C:\\x", "a\\b",
        "a\x00b", "a\nb", "calls/\x1b[31m.wav", "a\x7fb", "x" * 1025,
    ],
)
def test_unsafe_keys_are_rejected(key: str) -> None:
    with pytest.raises(UnsafeKeyError):
        validate_key(key)


@pytest.mark.parametrize("key", ["call.wav", "2026/11/call 01.flac", "chats/Zoë – Ünïcode.json", "a..b/c"])
def test_safe_keys_pass_unchanged(key: str) -> None:
    assert validate_key(key) == key


def test_join_key_drops_empty_parts_and_validates() -> None:
    assert join_key("transcripts", "", "a/b.json") == "transcripts/a/b.json"
    with pytest.raises(UnsafeKeyError):
        join_key("transcripts", "../x")
