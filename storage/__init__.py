"""Where bytes live and how they are addressed: `file://` folders and `s3://` buckets."""

from storage.base import ObjectInfo, ObjectStore
from storage.keys import validate_key
from storage.layout import ZONES, Layout
from storage.open import open_store
from storage.uri import StoreURI, parse_uri

__all__ = [
    "ZONES",
    "Layout",
    "ObjectInfo",
    "ObjectStore",
    "StoreURI",
    "open_store",
    "parse_uri",
    "validate_key",
]
