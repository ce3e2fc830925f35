"""One base exception, split into transient (retry) and terminal (do not retry).

Every message must be safe to log: it may name URIs, keys, codes and counts, never the
content of a recording or chat. Retry logic reads the type, never the message.
"""

from __future__ import annotations


class CallscrubError(Exception):
    """Base class. `str(exc)` is safe to print: no personal data by construction."""


class TransientError(CallscrubError):
    """May succeed if tried again (throttling, 5xx, timeouts, connection resets)."""


class TerminalError(CallscrubError):
    """Will fail the same way every time; retrying is pointless."""


class ConfigError(TerminalError):
    """Configuration is missing, unreadable or invalid. The CLI exits 2."""


class UnsafeKeyError(TerminalError, ValueError):
    """An object key that could escape its store or confuse a reader."""


class ObjectNotFoundError(TerminalError, KeyError):
    """The object does not exist in the store."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain message
        return str(self.args[0]) if self.args else "object not found"


class BadInputError(TerminalError):
    """An input object that cannot be processed: it is quarantined with `code` and `reason`.

    `reason` is written by us (never an upstream library's message, which may echo content).
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
