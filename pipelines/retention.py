"""Retention: delete what has been kept longer than its zone's period, unless a legal hold covers it.

Rules (`[retention] days`) are keyed by zone, optionally narrowed by a prefix inside the zone
and, for raw, by kind: `"raw:recording" = 90`, `"private/transcripts" = 180`, `"redacted" = 730`.
The most specific rule wins (kind beats no kind, then the longer prefix); objects no rule
covers are kept. The index and governance zones are never expired by age: the index follows
what is deleted, the governance zone holds the audit trail and the DPO's records.

Age is the object's last modification. Legal holds (`governance/holds/<id>.json`, managed with
`callscrub hold`) cover a URI prefix or a data subject (every object the index lists for the
subject's keyed hash or an identifier linked to it); held objects are reported and kept. Deleting removes every version. The
subject index is then updated: each affected source object's rows are re-written as a newer
run without the deleted objects (so lookups never point at what is gone), and the whole
application is audited.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from callscrub.config import Settings
from callscrub.errors import ObjectNotFoundError
from pipelines.discover import classify
from storage.base import ObjectInfo, ObjectStore
from storage.index.prune import drop_objects
from storage.layout import Layout

EXPIRING_ZONES = ("raw", "private", "redacted", "quarantine")


@dataclass(frozen=True)
class Hold:
    id: str
    reason: str
    created_at: str
    uri_prefix: str | None = None
    subject_key: str | None = None


HOLDS_PREFIX = "holds/"


def load_holds(governance: ObjectStore) -> list[Hold]:
    """The holds in force: one object each under `holds/`, so adding or releasing one never
    rewrites (and so never loses) another."""
    return [Hold(**json.loads(governance.get(o.key))) for o in governance.list(HOLDS_PREFIX)]


def add_hold(governance: ObjectStore, hold: Hold) -> None:
    if governance.put_new(f"{HOLDS_PREFIX}{hold.id}.json", json.dumps(asdict(hold)).encode(),
                          "application/json") is None:
        raise ValueError(f"a legal hold with id {hold.id} exists already")


def release_hold(governance: ObjectStore, hold_id: str) -> bool:
    return governance.delete(f"{HOLDS_PREFIX}{hold_id}.json") > 0


def new_hold(reason: str, uri_prefix: str | None = None, subject_key: str | None = None) -> Hold:
    if (uri_prefix is None) == (subject_key is None):
        raise ValueError("a hold covers either a URI prefix or a subject")
    return Hold(uuid.uuid4().hex[:10], reason, datetime.now(tz=UTC).isoformat(timespec="seconds"),
                uri_prefix, subject_key)


@dataclass(frozen=True)
class Rule:
    zone: str
    prefix: str
    kind: str | None
    days: int

    @classmethod
    def parse(cls, spec: str, days: int) -> Rule:
        path, _, kind = spec.partition(":")
        zone, _, prefix = path.partition("/")
        return cls(zone, prefix, kind or None, days)

    def covers(self, zone: str, key: str, kind: str | None) -> bool:
        if zone != self.zone or not key.startswith(self.prefix):
            return False
        return self.kind is None or kind == self.kind

    @property
    def specificity(self) -> tuple[int, int]:
        return (self.kind is not None, len(self.prefix))


def rules(settings: Settings) -> list[Rule]:
    return [Rule.parse(spec, days) for spec, days in settings.retention.days.items()]


@dataclass(frozen=True)
class Expired:
    zone: str
    key: str
    uri: str
    age_days: int
    rule: str
    hold: str | None = None  # id of the legal hold that keeps it


@dataclass
class RetentionReport:
    run_id: str
    dry_run: bool
    deleted: list[Expired] = field(default_factory=list)
    held: list[Expired] = field(default_factory=list)
    versions_removed: int = 0
    index_sources_updated: int = 0

    def to_dict(self) -> dict[str, object]:
        by_zone: dict[str, int] = {}
        for e in self.deleted:
            by_zone[e.zone] = by_zone.get(e.zone, 0) + 1
        return {"run_id": self.run_id, "dry_run": self.dry_run, "deleted": len(self.deleted), "by_zone": by_zone,
                "held": len(self.held), "versions_removed": self.versions_removed,
                "index_sources_updated": self.index_sources_updated,
                "objects": [asdict(e) for e in self.deleted], "held_objects": [asdict(e) for e in self.held]}


def _rule_for(all_rules: list[Rule], zone: str, key: str, kind: str | None) -> Rule | None:
    matching = [r for r in all_rules if r.covers(zone, key, kind)]
    return max(matching, key=lambda r: r.specificity) if matching else None


def _raw_kinds(listing: list[ObjectInfo]) -> dict[str, str]:
    """Raw key -> recording | chat | unsupported; a recording's metadata sidecar goes with it."""
    kinds: dict[str, str] = {}
    for item in classify(listing):
        kinds[item.key] = item.kind
        if item.sidecar:
            kinds[item.sidecar] = item.kind
    return kinds


def held_uris(layout: Layout, holds: list[Hold]) -> dict[str, str]:
    """URI -> hold id for objects a subject hold covers (found through the subject index)."""
    keys = {h.subject_key: h.id for h in holds if h.subject_key}
    if not keys:
        return {}
    from storage.index.reader import IndexReader

    reader = IndexReader(layout.zone("index"))
    hold_of: dict[str, str] = {}
    for key, hold_id in keys.items():  # the subject's linked identifiers are the subject too
        for linked in [key, *reader.linked([key])]:
            hold_of.setdefault(linked, hold_id)
    rows = reader.find(list(hold_of)).to_pylist()
    return {r["object_uri"]: hold_of[r["subject_key"]] for r in rows} | {
        r["source_uri"]: hold_of[r["subject_key"]] for r in rows}


def plan(layout: Layout, settings: Settings, now: datetime | None = None) -> tuple[list[Expired], list[Expired]]:
    """(to delete, held back): every object older than its rule, split by legal holds."""
    now = now or datetime.now(tz=UTC)
    all_rules = rules(settings)
    holds = load_holds(layout.zone("governance"))
    by_subject = held_uris(layout, holds)
    expired: list[Expired] = []
    held: list[Expired] = []
    for zone in EXPIRING_ZONES:
        store = layout.raw if zone == "raw" else layout.zone(zone)  # type: ignore[arg-type]
        listing = list(store.list())
        kinds = _raw_kinds(listing) if zone == "raw" else {}
        for info in listing:
            rule = _rule_for(all_rules, zone, info.key, kinds.get(info.key))
            if rule is None or now - info.last_modified < timedelta(days=rule.days):
                continue
            uri = store.uri_for(info.key)
            hold = by_subject.get(uri) or next(
                (h.id for h in holds if h.uri_prefix and uri.startswith(h.uri_prefix)), None)
            item = Expired(zone, info.key, uri, (now - info.last_modified).days,
                           f"{rule.zone}{'/' + rule.prefix if rule.prefix else ''}"
                           f"{':' + rule.kind if rule.kind else ''} = {rule.days} days", hold)
            (held if hold else expired).append(item)
    return expired, held


def apply(layout: Layout, settings: Settings, dry_run: bool = False, now: datetime | None = None,
          run_id: str | None = None, on_done: Callable[[RetentionReport, bool], None] | None = None) -> RetentionReport:
    """Plan, delete, prune the index. `on_done(report, failed)` runs however it ends (the flow
    audits there), so deletions done before an error are still audited and taken out of the index."""
    report = RetentionReport(run_id or uuid.uuid4().hex[:12], dry_run)
    report.deleted, report.held = plan(layout, settings, now)
    if dry_run or not report.deleted:
        if on_done:
            on_done(report, False)
        return report
    planned, report.deleted = report.deleted, []
    failed = True
    try:
        for item in planned:
            store = layout.raw if item.zone == "raw" else layout.zone(item.zone)  # type: ignore[arg-type]
            report.versions_removed += store.delete(item.key)
            report.deleted.append(item)
        failed = False
    finally:
        if report.deleted:
            report.index_sources_updated = drop_objects(layout.zone("index"), {e.uri for e in report.deleted},
                                                        report.run_id)
        if on_done:
            on_done(report, failed)
    return report
