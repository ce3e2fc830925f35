"""S3Store: any S3-compatible server through boto3 (AWS, MinIO, moto)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError as BotoConnectionError

from callscrub.errors import ObjectNotFoundError, TerminalError, TransientError
from storage.base import ObjectInfo
from storage.keys import validate_key
from storage.local import TMP_PREFIX
from storage.uri import StoreURI

_TRANSIENT_CODES = {
    "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed",
    "InternalError", "ServiceUnavailable", "503", "500", "502", "504",
}


@dataclass(frozen=True)
class S3Options:
    """How to reach S3 and how to encrypt what we write. Credentials: the standard AWS chain."""

    endpoint_url: str | None = None
    region: str | None = None
    sse: str | None = "AES256"  # "AES256" (SSE-S3), "aws:kms" (SSE-KMS) or None
    kms_key_id: str | None = None
    max_attempts: int = 8
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0


def _translate(exc: Exception, what: str) -> Exception:
    """Map botocore errors onto our transient/terminal split, with a message free of content."""
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", "Unknown"))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if code in _TRANSIENT_CODES or status >= 500:
            return TransientError(f"S3 {what} failed transiently ({code})")
        return TerminalError(f"S3 {what} failed ({code})")
    if isinstance(exc, (BotoConnectionError, BotoCoreError)):
        return TransientError(f"S3 {what} failed: {type(exc).__name__}")
    return exc


class S3Store:
    """Objects under `s3://bucket/prefix`. Versioned buckets are fully supported by delete()."""

    def __init__(self, location: StoreURI, options: S3Options | None = None, client: Any = None) -> None:
        if location.scheme != "s3":
            raise ValueError("S3Store needs an s3:// location")
        self._location = location
        self._options = options or S3Options()
        self._client = client or boto3.session.Session().client(
            "s3",
            endpoint_url=self._options.endpoint_url,
            region_name=self._options.region,
            # Throttling (503 SlowDown), 5xx, timeouts and connection resets are retried here with
            # backoff; what still fails surfaces as TransientError, which Prefect's task retries take.
            config=BotoConfig(retries={"max_attempts": self._options.max_attempts, "mode": "adaptive"},
                              connect_timeout=self._options.connect_timeout_s,
                              read_timeout=self._options.read_timeout_s),
        )

    @property
    def location(self) -> StoreURI:
        return self._location

    @property
    def options(self) -> S3Options:
        return self._options

    @property
    def bucket(self) -> str:
        return self._location.bucket

    def _full(self, key: str) -> str:
        validate_key(key)
        return f"{self._location.prefix}/{key}" if self._location.prefix else key

    def _rel(self, full_key: str) -> str:
        base = self._location.prefix
        return full_key[len(base) + 1 :] if base else full_key

    def uri_for(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._full(key)}"

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        base = f"{self._location.prefix}/" if self._location.prefix else ""
        paginator = self._client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.bucket, Prefix=base + prefix):
                for obj in page.get("Contents", []):
                    key = self._rel(obj["Key"])
                    if key.rsplit("/", 1)[-1].startswith(TMP_PREFIX) or key.endswith("/"):
                        continue
                    yield ObjectInfo(
                        key=key,
                        size=int(obj["Size"]),
                        etag=str(obj["ETag"]).strip('"'),
                        last_modified=obj["LastModified"],
                    )
        except (ClientError, BotoCoreError) as exc:
            raise _translate(exc, "list") from None

    def head(self, key: str) -> ObjectInfo | None:
        try:
            resp = self._client.head_object(Bucket=self.bucket, Key=self._full(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise _translate(exc, "head") from None
        except BotoCoreError as exc:
            raise _translate(exc, "head") from None
        return ObjectInfo(
            key=key,
            size=int(resp["ContentLength"]),
            etag=str(resp["ETag"]).strip('"'),
            last_modified=resp["LastModified"],
            version_id=resp.get("VersionId"),
        )

    def get(self, key: str) -> bytes:
        try:
            resp = self._client.get_object(Bucket=self.bucket, Key=self._full(key))
            return bytes(resp["Body"].read())
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise ObjectNotFoundError(f"no object at {self.uri_for(key)}") from None
            raise _translate(exc, "get") from None
        except BotoCoreError as exc:
            raise _translate(exc, "get") from None

    def _encryption_args(self) -> dict[str, str]:
        if not self._options.sse:
            return {}
        args = {"ServerSideEncryption": self._options.sse}
        if self._options.sse == "aws:kms" and self._options.kms_key_id:
            args["SSEKMSKeyId"] = self._options.kms_key_id
        return args

    def put(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo:
        # A single PUT is atomic on S3: readers see the old object or the new one.
        extra: dict[str, str] = self._encryption_args()
        if content_type:
            extra["ContentType"] = content_type
        try:
            resp = self._client.put_object(Bucket=self.bucket, Key=self._full(key), Body=data, **extra)
        except (ClientError, BotoCoreError) as exc:
            raise _translate(exc, "put") from None
        info = self.head(key)
        if info is not None:
            return info
        return ObjectInfo(key, len(data), str(resp.get("ETag", "")).strip('"'), datetime.now(tz=UTC), resp.get("VersionId"))

    def put_new(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo | None:
        # S3 conditional writes (If-None-Match: *): 412 if the key exists, 409 if another
        # conditional write to it is in flight; either way, someone else got there first.
        extra: dict[str, str] = self._encryption_args()
        if content_type:
            extra["ContentType"] = content_type
        try:
            resp = self._client.put_object(Bucket=self.bucket, Key=self._full(key), Body=data, IfNoneMatch="*",
                                           **extra)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status in (409, 412) or code in ("PreconditionFailed", "ConditionalRequestConflict"):
                return self._own_lost_write(key, data)
            raise _translate(exc, "put") from None
        except BotoCoreError as exc:
            raise _translate(exc, "put") from None
        return ObjectInfo(key, len(data), str(resp.get("ETag", "")).strip('"'), datetime.now(tz=UTC),
                          resp.get("VersionId"))

    def _own_lost_write(self, key: str, data: bytes) -> ObjectInfo | None:
        """After a 412/409: was it our own write? botocore retries a PUT whose response was lost
        (a timeout, a reset after the server stored it), and the retry then finds the object the
        first attempt created. Those bytes are ours (they hold our run id, pid, time); anyone
        else's differ, and then someone else got there first."""
        for attempt in range(2):
            try:
                if self.get(key) == data:
                    return self.head(key)
                return None
            except ObjectNotFoundError:  # 409: a write still in flight, maybe our first attempt
                time.sleep(0.5 * (attempt + 1))
        return None

    def delete(self, key: str) -> int:
        """Remove every version and delete marker of exactly `key` (and the object if unversioned)."""
        full = self._full(key)
        removed = 0
        try:
            paginator = self._client.get_paginator("list_object_versions")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=full):
                targets = [
                    {"Key": v["Key"], "VersionId": v["VersionId"]}
                    for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
                    if v["Key"] == full
                ]
                if targets:
                    resp = self._client.delete_objects(Bucket=self.bucket, Delete={"Objects": targets, "Quiet": False})
                    if resp.get("Errors"):
                        raise TerminalError(f"S3 delete left {len(resp['Errors'])} version(s) of {self.uri_for(key)}")
                    removed += len(targets)
            if removed == 0 and self.head(key) is not None:  # unversioned bucket without version listing
                self._client.delete_object(Bucket=self.bucket, Key=full)
                removed = 1
        except (ClientError, BotoCoreError) as exc:
            raise _translate(exc, "delete") from None
        return removed

    def purge_history(self, key: str) -> int:
        """Remove every noncurrent version and delete marker of exactly `key`; the latest version stays."""
        full = self._full(key)
        removed = 0
        try:
            for page in self._client.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=full):
                targets = [
                    {"Key": v["Key"], "VersionId": v["VersionId"]}
                    for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
                    if v["Key"] == full and not (v.get("IsLatest") and "Size" in v)
                ]
                if targets:
                    resp = self._client.delete_objects(Bucket=self.bucket, Delete={"Objects": targets, "Quiet": False})
                    if resp.get("Errors"):
                        raise TerminalError(f"S3 purge left {len(resp['Errors'])} version(s) of {self.uri_for(key)}")
                    removed += len(targets)
        except (ClientError, BotoCoreError) as exc:
            raise _translate(exc, "purge versions") from None
        return removed

    def version_counts(self, prefix: str) -> dict[str, int]:
        """Key -> how many versions (and delete markers) exist under `prefix` (versioned buckets)."""
        base = f"{self._location.prefix}/" if self._location.prefix else ""
        full = base + prefix
        counts: dict[str, int] = {}
        try:
            for page in self._client.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=full):
                for v in page.get("Versions", []) + page.get("DeleteMarkers", []):
                    key = str(v["Key"]).removeprefix(base)
                    counts[key] = counts.get(key, 0) + 1
        except (ClientError, BotoCoreError) as exc:
            raise _translate(exc, "list versions") from None
        return counts

    def presign(self, key: str, expires_s: int = 3600) -> str:
        return str(
            self._client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": self._full(key)}, ExpiresIn=expires_s
            )
        )
