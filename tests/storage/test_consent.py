"""The consent register: keyed, append-only history, latest change wins across a subject's keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.consent import ConsentChange, ConsentRegister
from storage.local import LocalStore
from storage.uri import parse_uri

A, B = "a" * 64, "b" * 64


@pytest.fixture
def register(tmp_path: Path) -> ConsentRegister:
    return ConsentRegister(LocalStore(parse_uri(tmp_path / "gov")))


def _c(key: str, purpose: str, status: str, at: str) -> ConsentChange:
    return ConsentChange(key, "email", purpose, status, at, "web_form", "ticket-1")


def test_latest_change_wins_across_keys_and_history_is_kept(register: ConsentRegister) -> None:
    register.record(_c(A, "analytics", "granted", "2026-01-01T00:00:00+00:00"))
    register.record(_c(B, "analytics", "withdrawn", "2026-02-01T00:00:00+00:00"))
    register.record(_c(A, "recording", "granted", "2026-03-01T00:00:00+00:00"))
    assert register.latest([A, B], "analytics").status == "withdrawn"
    assert register.withdrawn([A, B], "analytics") and not register.withdrawn([A], "analytics")
    assert not register.withdrawn([A, B], "recording")
    register.record(_c(A, "analytics", "granted", "2026-04-01T00:00:00+00:00"))
    assert not register.withdrawn([A, B], "analytics"), "granted again later"
    assert [c.status for c in register.changes(A)] == ["granted", "granted", "granted"]
    assert all(c.recorded_at for c in register.changes(A))


def test_nothing_on_record_counts_only_when_consent_is_required(register: ConsentRegister) -> None:
    assert not register.withdrawn([A], "recording")
    assert register.withdrawn([A], "recording", required=True)


def test_pending_changes_do_not_decide(register: ConsentRegister) -> None:
    register.record(_c(A, "recording", "pending", "2026-05-01T00:00:00+00:00"))
    assert register.latest([A], "recording") is None


def test_bad_input_is_refused(register: ConsentRegister) -> None:
    with pytest.raises(ValueError):
        register.record(_c("not-a-key", "analytics", "granted", "2026-01-01"))
    with pytest.raises(ValueError):
        register.record(_c(A, "analytics", "maybe", "2026-01-01"))
