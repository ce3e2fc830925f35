"""Least-privilege AWS IAM policies for the people and the worker that touch a deployment.

Zones live under `s3://<bucket>/<prefix>/<zone>/`; raw may be another bucket. Roles:

| role | may | may not |
| --- | --- | --- |
| analyst | read `redacted/` | anything else |
| engineer | read `redacted/`, `quarantine/`, run summaries and the audit log; write `raw/` (re-ingest a fixed input); clear `quarantine/` | read `raw/`, `private/`, `index/` or governance exports, requests and consent |
| pipeline | what the flows need: read and delete `raw/` (consent, retention); read, write and delete in `private/`, `redacted/`, `quarantine/`, `index/`; read consent and legal holds; file requests and spoken consent changes (create only); write run summaries; append to the audit log | read governance exports and requests |
| dpo | read everything; write and delete everywhere (erasure, exports, requests, consent) | delete or overwrite the audit log |

Nobody may delete from `governance/audit/`, or put a segment under `governance/audit/log/` other
than as a create-if-absent (`If-None-Match: *`): explicit Denies, next to S3 Object Lock. With SSE-KMS, every role gets the KMS actions on the one key it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Role = Literal["analyst", "engineer", "pipeline", "dpo"]
ROLES: tuple[Role, ...] = ("analyst", "engineer", "pipeline", "dpo")

READ = ["s3:GetObject", "s3:GetObjectVersion"]
WRITE = ["s3:PutObject"]
DELETE = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
LIST = ["s3:ListBucket", "s3:ListBucketVersions"]
PRIVATE_GOVERNANCE = ("exports", "requests", "consent", "holds")  # the DPO's records in the governance zone


@dataclass(frozen=True)
class Deployment:
    bucket: str
    prefix: str = ""  # the root's prefix inside the bucket ("" for the whole bucket)
    raw_bucket: str | None = None  # default: the same bucket
    raw_prefix: str = "raw"  # default: <prefix>/raw
    kms_key_arn: str | None = None

    def path(self, *parts: str) -> str:
        return "/".join(p.strip("/") for p in (self.prefix, *parts) if p.strip("/"))

    def objects(self, *parts: str, bucket: str | None = None) -> str:
        return f"arn:aws:s3:::{bucket or self.bucket}/{self.path(*parts)}/*"

    @property
    def raw_objects(self) -> str:
        if self.raw_bucket:
            return f"arn:aws:s3:::{self.raw_bucket}/" + (f"{self.raw_prefix.strip('/')}/*" if self.raw_prefix else "*")
        return self.objects(self.raw_prefix)


def _statement(sid: str, actions: list[str], resources: list[str], effect: str = "Allow",
               condition: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"Sid": sid, "Effect": effect, "Action": sorted(set(actions)), "Resource": resources}
    if condition:
        out["Condition"] = condition
    return out


def _list(sid: str, d: Deployment, zones: list[str], raw: bool = False) -> list[dict[str, Any]]:
    prefixes = [p for z in zones for p in (d.path(z) + "/", d.path(z) + "/*")]
    out = [_statement(sid, LIST, [f"arn:aws:s3:::{d.bucket}"], condition={"StringLike": {"s3:prefix": prefixes}})]
    if raw:
        bucket = d.raw_bucket or d.bucket
        base = d.raw_prefix.strip("/") if d.raw_bucket else d.path(d.raw_prefix)
        raw_prefixes = [base + "/", base + "/*"] if base else ["*"]
        out.append(_statement(sid + "Raw", LIST, [f"arn:aws:s3:::{bucket}"],
                              condition={"StringLike": {"s3:prefix": raw_prefixes}}))
    return out


def policy(role: Role, d: Deployment) -> dict[str, Any]:
    """The IAM policy document (JSON-serialisable) for `role` on deployment `d`."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    gov_private = [d.objects("governance", p) for p in PRIVATE_GOVERNANCE]
    statements: list[dict[str, Any]] = []
    if role == "analyst":
        statements += _list("ListRedacted", d, ["redacted"])
        statements.append(_statement("ReadRedacted", READ, [d.objects("redacted")]))
    elif role == "engineer":
        statements += _list("ListOperational", d, ["redacted", "quarantine", "governance/runs", "governance/audit"])
        statements.append(_statement("ReadOperational", READ, [
            d.objects("redacted"), d.objects("quarantine"), d.objects("governance", "runs"),
            d.objects("governance", "audit")]))
        statements.append(_statement("ReingestRaw", WRITE, [d.raw_objects]))
        statements.append(_statement("ClearQuarantine", DELETE, [d.objects("quarantine")]))
        statements.append(_statement("NoPersonalData", READ, [
            d.raw_objects, d.objects("private"), d.objects("index"), *gov_private], effect="Deny"))
    elif role == "pipeline":
        zones = ["private", "redacted", "quarantine", "index"]
        statements += _list("ListZones", d, [*zones, "governance/audit", "governance/consent", "governance/holds",
                                             "governance/requests"], raw=True)
        statements.append(_statement("ReadRaw", READ, [d.raw_objects]))
        # Raw deletes: audio without recording consent (at ingest) and expired inputs (retention).
        statements.append(_statement("RawCleanup", DELETE, [d.raw_objects]))
        statements.append(_statement("WorkZones", READ + WRITE + DELETE, [d.objects(z) for z in zones]))
        statements.append(_statement("RunSummaries", WRITE, [d.objects("governance", "runs")]))
        statements.append(_statement("AppendAudit", READ + WRITE, [d.objects("governance", "audit")]))
        # The pipeline honours consent and legal holds, so it reads them (keyed hashes, no values).
        statements.append(_statement("ReadConsentAndHolds", READ, [d.objects("governance", "consent"),
                                                                   d.objects("governance", "holds")]))
        # Requests said in conversations (and re-erasures) are filed, spoken consent withdrawals recorded:
        # create-only drops; the pipeline never reads a request back.
        statements.append(_statement("FileRequestsAndConsent", WRITE, [d.objects("governance", "requests"),
                                                                       d.objects("governance", "consent")]))
        statements.append(_statement("NoGovernanceData", READ, [d.objects("governance", "exports"),
                                                               d.objects("governance", "requests")], effect="Deny"))
    else:  # dpo
        zones = ["private", "redacted", "quarantine", "index", "governance"]
        statements += _list("ListAll", d, zones, raw=True)
        statements.append(_statement("ReadAll", READ, [d.raw_objects, *(d.objects(z) for z in zones)]))
        statements.append(_statement("EraseAndExport", WRITE + DELETE, [d.raw_objects, *(d.objects(z) for z in zones)]))
    # Nobody deletes the audit log (S3 Object Lock enforces it too; this says it in IAM as well),
    # and nobody overwrites a segment: a put there must be a create-if-absent (If-None-Match: *).
    statements.append(_statement("AuditLogIsAppendOnly", DELETE + ["s3:PutObjectRetention", "s3:BypassGovernanceRetention"],
                                 [d.objects("governance", "audit")], effect="Deny"))
    statements.append(_statement("AuditSegmentsAreNeverOverwritten", WRITE, [d.objects("governance", "audit/log")],
                                 effect="Deny", condition={"Null": {"s3:if-none-match": "true"}}))
    if d.kms_key_arn:
        kms = ["kms:Decrypt"] if role == "analyst" else ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"]
        statements.append(_statement("UseTheDataKey", kms, [d.kms_key_arn]))
    return {"Version": "2012-10-17", "Statement": statements}
