"""`callscrub iam-policy`: print a least-privilege AWS IAM policy for one role of a deployment."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from pipelines.cli_common import ConfigOpt, fail


def register(app: typer.Typer) -> None:
    app.command("iam-policy")(iam_policy)


def iam_policy(
    role: Annotated[str, typer.Option(help="analyst | engineer | pipeline | dpo")],
    bucket: Annotated[str | None, typer.Option(help="Bucket of the deployment root (default: from root).")] = None,
    prefix: Annotated[str | None, typer.Option(help="Prefix of the root in the bucket (default: from root).")] = None,
    raw_bucket: Annotated[str | None, typer.Option(help="Bucket of the raw zone, if another one.")] = None,
    raw_prefix: Annotated[str | None, typer.Option(help="Prefix of the raw zone: in --raw-bucket if given, "
                                                        "else under --prefix (default: the raw URI, else raw).")] = None,
    kms_key_arn: Annotated[str | None, typer.Option(help="SSE-KMS key the role must use.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Print the IAM policy JSON; attach it to the role's IAM role or group."""
    from callscrub.config import load_settings
    from callscrub.errors import ConfigError
    from storage.iam import ROLES, Deployment, policy
    from storage.uri import parse_uri

    if role not in ROLES:
        fail(f"--role must be one of {', '.join(ROLES)}", 2)
    try:
        settings = load_settings(config)
        root = parse_uri(settings.root) if settings.root and settings.root.startswith("s3://") else None
        raw = parse_uri(settings.raw) if settings.raw and settings.raw.startswith("s3://") else None
    except ConfigError as exc:
        fail(str(exc), 2)
    bucket = bucket or (root.bucket if root else None)
    if not bucket:
        fail("give --bucket (or an s3:// root in the config)", 2)
    prefix = prefix if prefix is not None else (root.prefix if root else "")
    if raw is not None and raw_bucket is None and raw_prefix is None:
        raw_bucket, raw_prefix = raw.bucket, raw.prefix  # the raw URI, wherever it is
    deployment = Deployment(bucket, prefix, raw_bucket, raw_prefix if raw_prefix is not None else "raw",
                            kms_key_arn or settings.s3.kms_key_id)
    sys.stdout.write(json.dumps(policy(role, deployment), indent=1) + "\n")  # type: ignore[arg-type]
