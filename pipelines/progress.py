"""A progress hook the flow reports to; the CLI plugs a rich progress bar in, tests a list."""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, label: str) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self, label: str) -> None:
        pass


_reporter: Reporter = _Silent()


def set_reporter(reporter: Reporter | None) -> None:
    global _reporter
    _reporter = reporter or _Silent()


def reporter() -> Reporter:
    return _reporter
