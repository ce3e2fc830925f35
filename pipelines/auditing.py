"""Who is acting, and the one call every command and flow uses to write the audit log.

Every audited action is written before its result is shown or returned: if the audit log
cannot be written, the command fails (exit 1) and shows nothing. An unaudited DPO lookup is
the kind of gap a regulator asks about.
"""

from __future__ import annotations

import functools
import getpass
import logging
import socket
from collections.abc import Iterable
from typing import Any

from callscrub.config import Settings
from storage.audit import AuditEvent, AuditLog, Head
from storage.base import ObjectStore

log = logging.getLogger(__name__)


def resolve_actor(settings: Settings) -> str:
    """`actor` from config/env (CALLSCRUB_ACTOR), else the AWS caller identity for an AWS S3 root,
    else `user@host` of this process."""
    if settings.actor:
        return settings.actor
    if (settings.root or "").startswith("s3://") and settings.s3.endpoint_url is None:
        arn = _aws_caller(settings.s3.region)
        if arn:
            return arn
    return _local_user()


@functools.lru_cache(maxsize=4)
def _aws_caller(region: str | None) -> str | None:
    try:
        import boto3

        return str(boto3.session.Session().client("sts", region_name=region).get_caller_identity()["Arn"])
    except Exception:  # noqa: BLE001 - no credentials or no network: fall back to the OS user
        return None


def _local_user() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def audit(governance: ObjectStore, settings: Settings, action: str, *, objects: Iterable[str] = (),
          subject: Iterable[str] = (), run_id: str | None = None, details: dict[str, Any] | None = None) -> Head:
    """Append one record (references only: URIs, keyed hashes, counts)."""
    event = AuditEvent(resolve_actor(settings), action, tuple(objects), tuple(subject), run_id, details or {})
    head = AuditLog(governance).append([event])
    log.info("audited %s as segment %d", action, head.seq)
    return head
