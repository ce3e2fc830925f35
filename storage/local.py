"""LocalStore: a folder on disk, the embedded default."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from callscrub.errors import ObjectNotFoundError, UnsafeKeyError
from storage.base import ObjectInfo
from storage.keys import validate_key
from storage.uri import StoreURI

TMP_PREFIX = ".callscrub-tmp-"


def process_alive(pid: int) -> bool:
    """Is process `pid` running on this host? (Another user's process counts as running.)"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LocalStore:
    """Objects are files under `root`; writes go to a temporary file and are renamed in place.

    The etag is derived from size and modification time (nanoseconds): cheap to list over
    many large recordings, and it changes whenever a file is rewritten.
    """

    def __init__(self, location: StoreURI) -> None:
        if location.scheme != "file":
            raise ValueError("LocalStore needs a file:// location")
        self._location = location
        self._root = Path(location.prefix)

    @property
    def location(self) -> StoreURI:
        return self._location

    def uri_for(self, key: str) -> str:
        return str(self._location.child(validate_key(key)))

    def _path(self, key: str) -> Path:
        path = self._root / validate_key(key)
        # Defence in depth: a symlink inside the root must not lead outside it.
        resolved = path.resolve()
        root = self._root.resolve()
        if resolved != root and root not in resolved.parents:
            raise UnsafeKeyError("object key resolves outside the store root")
        return path

    @staticmethod
    def _info(key: str, stat: os.stat_result) -> ObjectInfo:
        return ObjectInfo(
            key=key,
            size=stat.st_size,
            etag=f"{stat.st_size:x}-{stat.st_mtime_ns:x}",
            last_modified=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
        )

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        if not self._root.is_dir():
            return
        found: list[tuple[str, os.stat_result]] = []
        for dirpath, dirnames, filenames in os.walk(self._walk_from(prefix)):
            dirnames[:] = [d for d in dirnames if not d.startswith(TMP_PREFIX)]
            rel_dir = Path(dirpath).relative_to(self._root)
            for name in filenames:
                if name.startswith(TMP_PREFIX):
                    continue
                key = (rel_dir / name).as_posix() if rel_dir != Path(".") else name
                if key.startswith(prefix):
                    found.append((key, (Path(dirpath) / name).lstat()))
        for key, stat in sorted(found):
            yield self._info(key, stat)

    def _walk_from(self, prefix: str) -> Path:
        """The deepest folder every key under `prefix` lives in: listing `claims/ab12/` walks that
        folder, not the whole zone (the ledger alone holds a file per object ever processed)."""
        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        if not folder:
            return self._root
        try:
            return self._root / validate_key(folder)
        except UnsafeKeyError:  # an odd prefix matches nothing a safe key could; walk it all, filter
            return self._root

    def head(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return self._info(key, stat) if path.is_file() else None

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise ObjectNotFoundError(f"no object at {self.uri_for(key)}") from None

    def _staged(self, key: str, data: bytes) -> tuple[Path, Path]:
        """Write `data` to a synced temporary file next to `key`'s path: (path, temporary file)."""
        path = self._path(key)
        for attempt in range(5):
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                # The writer's pid is in the name: a process killed mid-write leaves a file sweep() can tell is dead.
                fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=path.parent)
                break
            except FileNotFoundError:  # another process's delete() tidied the empty folder away meanwhile
                if attempt == 4:
                    raise
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path, Path(tmp)

    def put(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo:
        path, tmp = self._staged(key, data)
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return self._info(key, path.stat())

    def put_new(self, key: str, data: bytes, content_type: str | None = None) -> ObjectInfo | None:
        path, tmp = self._staged(key, data)
        try:
            os.link(tmp, path)  # atomic, and fails if the name exists: the whole file or nothing
        except FileExistsError:
            return None
        finally:
            tmp.unlink(missing_ok=True)
        return self._info(key, path.stat())

    def delete(self, key: str) -> int:
        path = self._path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return 0
        # Tidy empty folders up to the root so deleted data leaves no named directories.
        parent = path.parent
        root = self._root.resolve()
        while parent.resolve() != root:
            try:  # another process may be tidying, or writing into, the same folder
                parent.rmdir()  # only ever removes an empty folder
            except OSError:  # not empty (someone wrote into it), or already gone
                break
            parent = parent.parent
        return 1

    def sweep(self, max_age_s: float = 86_400.0) -> int:
        """Remove temporary files whose writer is dead (killed mid-write: `kill -9`, OOM) or
        which are older than `max_age_s`; returns how many. Readers never saw them."""
        removed = 0
        if not self._root.is_dir():
            return 0
        now = time.time()
        for tmp in self._root.rglob(f"{TMP_PREFIX}*"):
            pid = tmp.name[len(TMP_PREFIX):].split("-", 1)[0]
            try:
                stale = now - tmp.lstat().st_mtime > max_age_s or (pid.isdigit() and not process_alive(int(pid)))
                if stale and tmp.is_file():
                    tmp.unlink()
                    removed += 1
            except FileNotFoundError:  # its writer just renamed it into place
                continue
        return removed

    def purge_history(self, key: str) -> int:
        return 0  # a folder keeps no versions: the rename in put() replaced the old file

    def presign(self, key: str, expires_s: int = 3600) -> str:
        return str(self._path(key))
