"""IAM policies: valid JSON that IAM accepts, and an access matrix checked by evaluating them."""

from __future__ import annotations

import fnmatch
import json
import subprocess
import uuid

import pytest

from storage.iam import ROLES, Deployment, policy
from tests.conftest import CLI

D = Deployment("acme-data", "prod", kms_key_arn="arn:aws:kms:eu-west-1:111122223333:key/k1")


def allowed(doc: dict, action: str, resource: str) -> bool:
    """IAM's rule for one identity policy: an explicit Deny wins, else any Allow, else denied.
    (Object ARNs only; list permissions are checked separately.)"""
    def matches(stmt: dict) -> bool:
        return any(fnmatch.fnmatchcase(action, a) for a in stmt["Action"]) and any(
            fnmatch.fnmatchcase(resource, r) for r in stmt["Resource"]) and "Condition" not in stmt
    stmts = doc["Statement"]
    if any(s["Effect"] == "Deny" and matches(s) for s in stmts):
        return False
    return any(s["Effect"] == "Allow" and matches(s) for s in stmts)


def obj(zone: str, key: str = "x/y.json") -> str:
    return f"arn:aws:s3:::acme-data/prod/{zone}/{key}"


# (zone or governance sub-prefix) -> roles that may read it
READERS = {
    "raw": {"pipeline", "dpo"}, "private": {"pipeline", "dpo"}, "redacted": {"analyst", "engineer", "pipeline", "dpo"},
    "index": {"pipeline", "dpo"}, "quarantine": {"engineer", "pipeline", "dpo"},
    "governance/exports": {"dpo"}, "governance/requests": {"dpo"}, "governance/consent": {"pipeline", "dpo"},
    "governance/holds": {"pipeline", "dpo"},
    "governance/runs": {"engineer", "dpo"}, "governance/audit": {"engineer", "pipeline", "dpo"},
}


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_what(role: str) -> None:
    doc = policy(role, D)  # type: ignore[arg-type]
    for zone, readers in READERS.items():
        assert allowed(doc, "s3:GetObject", obj(zone)) == (role in readers), (role, zone)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_deletes_or_unlocks_the_audit_log(role: str) -> None:
    doc = policy(role, D)  # type: ignore[arg-type]
    for action in ("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"):
        assert not allowed(doc, action, obj("governance/audit", "log/000000000001.jsonl"))
    assert allowed(doc, "s3:PutObject", obj("governance/audit", "log/000000000009.jsonl")) == (
        role in ("pipeline", "dpo")), "the pipeline and the DPO append"


@pytest.mark.parametrize("role", ROLES)
def test_audit_segments_can_only_be_created_never_overwritten(role: str) -> None:
    deny = [s for s in policy(role, D)["Statement"] if s["Sid"] == "AuditSegmentsAreNeverOverwritten"]  # type: ignore[arg-type]
    assert len(deny) == 1 and deny[0]["Effect"] == "Deny" and deny[0]["Action"] == ["s3:PutObject"]
    assert deny[0]["Resource"] == ["arn:aws:s3:::acme-data/prod/governance/audit/log/*"]
    assert deny[0]["Condition"] == {"Null": {"s3:if-none-match": "true"}}


def test_writes_and_deletes() -> None:
    pipeline, dpo, eng, analyst = (policy(r, D) for r in ("pipeline", "dpo", "engineer", "analyst"))
    assert allowed(pipeline, "s3:PutObject", obj("index", "subjects/delta/r/a.parquet"))
    assert allowed(pipeline, "s3:DeleteObjectVersion", obj("redacted", "audio/a.ogg"))
    assert not allowed(pipeline, "s3:PutObject", obj("governance/exports", "e.zip"))
    assert allowed(pipeline, "s3:PutObject", obj("governance/requests", "r1/request.json")), "requests said in calls"
    assert allowed(pipeline, "s3:PutObject", obj("governance/consent", "k/c.json")), "spoken consent withdrawal"
    assert not allowed(pipeline, "s3:GetObject", obj("governance/requests", "r1/request.json"))
    assert allowed(pipeline, "s3:DeleteObjectVersion", obj("raw", "a.ogg")), "no recording consent, retention"
    assert not allowed(pipeline, "s3:PutObject", obj("raw", "a.ogg")), "the pipeline never writes inputs"
    assert allowed(dpo, "s3:DeleteObjectVersion", obj("raw", "a.ogg")), "erasure deletes every version"
    assert allowed(eng, "s3:PutObject", obj("raw", "fixed.ogg")) and not allowed(eng, "s3:GetObject", obj("raw"))
    assert not any(allowed(analyst, a, obj(z)) for a in ("s3:PutObject", "s3:DeleteObject") for z in READERS)


def test_listing_is_limited_to_the_readable_prefixes() -> None:
    doc = policy("analyst", D)
    lists = [s for s in doc["Statement"] if "s3:ListBucket" in s["Action"]]
    assert len(lists) == 1 and lists[0]["Condition"]["StringLike"]["s3:prefix"] == ["prod/redacted/", "prod/redacted/*"]


def test_kms_key_is_granted_narrowly() -> None:
    for role in ROLES:
        kms = [s for s in policy(role, D)["Statement"] if any(a.startswith("kms:") for a in s["Action"])]  # type: ignore[arg-type]
        assert kms and kms[0]["Resource"] == [D.kms_key_arn]
        assert ("kms:GenerateDataKey" in kms[0]["Action"]) == (role != "analyst")
    assert not [s for s in policy("dpo", Deployment("b"))["Statement"] if "kms:Decrypt" in s["Action"]]


def test_raw_in_another_bucket() -> None:
    doc = policy("pipeline", Deployment("acme-data", "prod", raw_bucket="acme-in", raw_prefix="calls"))
    assert allowed(doc, "s3:GetObject", "arn:aws:s3:::acme-in/calls/2026/a.ogg")
    assert not allowed(doc, "s3:GetObject", "arn:aws:s3:::acme-in/other/a.ogg")


def test_cli_prints_json_from_the_config_root() -> None:
    env = {"CALLSCRUB_ROOT": "s3://acme-data/prod", "CALLSCRUB_RAW": "s3://acme-in/calls", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([*CLI, "iam-policy", "--role", "engineer"], capture_output=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert allowed(doc, "s3:PutObject", "arn:aws:s3:::acme-in/calls/x.ogg")
    assert not allowed(doc, "s3:GetObject", obj("index"))
    bad = subprocess.run([*CLI, "iam-policy", "--role", "root"], capture_output=True, env=env, timeout=120)
    assert bad.returncode == 2


@pytest.mark.s3
@pytest.mark.parametrize("role", ROLES)
def test_iam_accepts_the_policy(role: str, s3_server) -> None:  # noqa: ANN001
    """moto's IAM validates policy grammar like AWS (MalformedPolicyDocument otherwise)."""
    import boto3

    iam = boto3.client("iam", endpoint_url=s3_server.endpoint, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    doc = json.dumps(policy(role, D))  # type: ignore[arg-type]
    made = iam.create_policy(PolicyName=f"callscrub-{role}-{uuid.uuid4().hex[:6]}", PolicyDocument=doc)
    assert made["Policy"]["Arn"].startswith("arn:aws:iam::")
    broken = doc.replace('"Effect": "Deny"', '"Effect": "Maybe"')
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException):  # the check can fail
        iam.create_policy(PolicyName=f"broken-{uuid.uuid4().hex[:6]}", PolicyDocument=broken)
