"""Read the index with DuckDB: compacted files (sorted by key, pruned by statistics and bloom
filters) plus the newer delta files, keeping only the newest run of each object.

Every query is parameterised; user input never becomes SQL text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from callscrub.errors import ObjectNotFoundError
from storage.base import ObjectStore
from storage.index.schema import LINK_SCHEMA, SUBJECT_SCHEMA
from storage.index.writer import OBJECT_SCHEMA, TABLES

MANIFEST = "MANIFEST.json"
SCHEMAS = {"subjects": SUBJECT_SCHEMA, "links": LINK_SCHEMA, "objects": OBJECT_SCHEMA}


@dataclass(frozen=True)
class Manifest:
    generation: int = 0
    compacted: dict[str, list[str]] = field(default_factory=dict)
    consumed: frozenset[str] = frozenset()

    @classmethod
    def load(cls, index: ObjectStore) -> Manifest:
        try:
            data = json.loads(index.get(MANIFEST))
        except ObjectNotFoundError:
            return cls()
        return cls(data["generation"], data["compacted"], frozenset(data["consumed"]))

    def to_json(self) -> bytes:
        return json.dumps({"generation": self.generation, "compacted": self.compacted,
                           "consumed": sorted(self.consumed)}, indent=1).encode()


def delta_files(index: ObjectStore, table: str, manifest: Manifest) -> list[str]:
    return [o.key for o in index.list(f"{table}/delta/")
            if o.key.endswith(".parquet") and o.key not in manifest.consumed]


def marked_delta_files(index: ObjectStore, manifest: Manifest) -> dict[str, list[str]]:
    """The delta files of finished writes. Markers are listed first and a subjects/links file counts
    only with its (run, object) marker, so a write in flight (rows put, marker not yet) is neither
    read without its marker nor consumed by a compaction; the next compaction folds it in."""
    markers = delta_files(index, "objects", manifest)
    done = {k.removeprefix("objects/delta/") for k in markers}
    files = {"objects": markers}
    for table in ("subjects", "links"):
        files[table] = [k for k in delta_files(index, table, manifest) if k.removeprefix(f"{table}/delta/") in done]
    return files


class IndexReader:
    """A DuckDB connection with views over one deployment's index zone."""

    def __init__(self, index: ObjectStore, delta: dict[str, list[str]] | None = None) -> None:
        self.index = index
        self.manifest = Manifest.load(index)
        self.con = duckdb.connect()
        self.con.execute("SET parquet_metadata_cache = true")  # index files are immutable: parse footers once
        # Push key filters into the scan for lookups of many keys too (--expand, bulk requests).
        self.con.execute("SET dynamic_or_filter_threshold = 10000")
        self._fs = _arrow_filesystem(index)
        delta = marked_delta_files(index, self.manifest) if delta is None else delta
        self.delta_file_count = sum(len(v) for v in delta.values())
        for table in TABLES:
            self._view(f"{table}_compacted", table, self.manifest.compacted.get(table, []))
            self._view(f"{table}_delta", table, delta[table])
        # The newest run of each object in the delta files wins, unless compaction already holds a
        # newer one (a run that started before a compaction and finished after it).
        self.con.execute("""
            CREATE VIEW latest_delta AS
            SELECT object_uri, arg_max(run_id, observed_at) AS run_id, max(observed_at) AS observed_at
              FROM objects_delta GROUP BY object_uri
        """)
        self.con.execute("""
            CREATE VIEW winning_delta AS
            SELECT l.object_uri, l.run_id FROM latest_delta l
              LEFT JOIN (SELECT object_uri, max(observed_at) AS observed_at FROM objects_compacted
                          WHERE object_uri IN (SELECT object_uri FROM latest_delta) GROUP BY object_uri) c
                ON c.object_uri = l.object_uri
             WHERE c.observed_at IS NULL OR l.observed_at > c.observed_at
        """)
        for table, column in (("subjects", "source_uri"), ("objects", "object_uri"), ("links", "object_uri")):
            self.con.execute(f"""
                CREATE VIEW {table} AS
                SELECT * FROM {table}_compacted
                 WHERE {column} NOT IN (SELECT object_uri FROM winning_delta)
                UNION ALL
                SELECT d.* FROM {table}_delta d
                  JOIN winning_delta w ON d.{column} = w.object_uri AND d.run_id = w.run_id
            """)  # noqa: S608 - fixed table and column names

    def _view(self, name: str, table: str, keys: list[str]) -> None:
        schema = SCHEMAS[table]
        if not keys:
            self.con.register(name, schema.empty_table())
            return
        if self._fs is None:  # a local folder: DuckDB reads the files itself
            paths = [self.index.presign(k) for k in keys]
            self.con.read_parquet(paths).create_view(name)
            return
        import pyarrow.dataset as ds

        paths = [self.index.uri_for(k).removeprefix("s3://") for k in keys]
        self.con.register(name, ds.dataset(paths, schema=schema, format="parquet", filesystem=self._fs))

    def find(self, keys: list[str]) -> pa.Table:
        """Every current row for any of `keys`, newest first."""
        return self.con.sql(
            "SELECT * FROM subjects WHERE subject_key IN (SELECT unnest($keys)) "
            "ORDER BY observed_at DESC, object_uri, turn, char_start",
            params={"keys": keys},
        ).to_arrow_table()

    def linked(self, keys: list[str], max_depth: int = 4) -> dict[str, str]:
        """Keys reachable from `keys` through identity links: {key: identifier_type}."""
        found: dict[str, str] = {}
        frontier = list(keys)
        for _ in range(max_depth):
            if not frontier:
                break
            rows = self.con.execute(
                "SELECT key_b, type_b FROM links WHERE key_a IN (SELECT unnest($k)) "
                "UNION SELECT key_a, type_a FROM links WHERE key_b IN (SELECT unnest($k))",
                {"k": frontier},
            ).fetchall()
            frontier = [k for k, t in rows if k not in found and k not in keys]
            found.update({k: t for k, t in rows if k not in keys})
        return found

    def evidence(self, keys: list[str]) -> pa.Table:
        """The links touching `keys`, with the object and run that showed them together."""
        return self.con.sql(
            "SELECT * FROM links WHERE key_a IN (SELECT unnest($k)) OR key_b IN (SELECT unnest($k))",
            params={"k": keys},
        ).to_arrow_table()


def _arrow_filesystem(index: ObjectStore):  # noqa: ANN202 - pyarrow.fs.S3FileSystem | None
    if index.location.scheme == "file":
        return None
    from pyarrow import fs

    options = getattr(index, "options", None)
    endpoint = getattr(options, "endpoint_url", None)
    kwargs: dict[str, object] = {}
    if endpoint:
        scheme, _, host = endpoint.partition("://")
        kwargs.update(endpoint_override=host, scheme=scheme)
    region = getattr(options, "region", None)
    if region:
        kwargs["region"] = region
    return fs.S3FileSystem(**kwargs)
