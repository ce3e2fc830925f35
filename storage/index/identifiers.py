"""Identifier normalisation: many written forms of one identifier -> one canonical string.

The canonical string only ever feeds the keyed hash (see `storage.index.keys`); it is never
written anywhere.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

# Detected entity type -> identifier type in the index. Entity types not listed are indexed
# under their lower-cased name (custom id types such as CUSTOMER_ID become "customer_id").
ENTITY_ID_TYPES = {
    "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "card", "PERSON": "name",
    "IBAN_CODE": "iban", "US_SSN": "ssn", "UK_NINO": "nino", "UK_BANK_ACCOUNT": "bank_account",
    "US_BANK_NUMBER": "bank_account", "STREET_ADDRESS": "address", "POSTCODE": "postcode",
    "DATE_OF_BIRTH": "date_of_birth",
}
# Not identifying on their own: a CVV, an expiry, a security answer point to nobody.
NOT_INDEXED = {"CARD_SECURITY_CODE", "CARD_EXPIRY", "SECURITY_ANSWER"}
_ALNUM = re.compile(r"[^0-9a-z]")


def id_type_for(entity_type: str) -> str | None:
    if entity_type in NOT_INDEXED:
        return None
    return ENTITY_ID_TYPES.get(entity_type, entity_type.lower())


def normalise_email(value: str) -> str | None:
    v = unicodedata.normalize("NFKC", value).strip().lower().rstrip(".")
    local, at, domain = v.partition("@")
    if not at or not local or "." not in domain or " " in v:
        return None
    return f"{local}@{domain}"


def normalise_phone(value: str, default_region: str = "US") -> str | None:
    """E.164, so "(212) 555-0198", "212.555.0198" and "+1 212 555 0198" are one identifier."""
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_digits(value: str, minimum: int = 4) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) >= minimum else None


def normalise_name(value: str) -> str | None:
    """Case-folded, accents kept, whitespace collapsed: for 'mentioned' matches only."""
    v = " ".join(unicodedata.normalize("NFKC", value).casefold().split())
    return v or None


def normalise_token(value: str) -> str | None:
    """Ids, IBANs, NINOs, postcodes: case-folded letters and digits only ("CUST-004417" == "cust 004417")."""
    v = _ALNUM.sub("", unicodedata.normalize("NFKC", value).casefold())
    return v or None


def normalise_identifier(id_type: str, value: str, default_region: str = "US") -> str | None:
    """Canonical form of `value` as an `id_type`, or None if it is not a usable identifier."""
    if id_type == "email":
        return normalise_email(value)
    if id_type == "phone":
        return normalise_phone(value, default_region)
    if id_type in ("card", "ssn", "bank_account"):
        return normalise_digits(value, 6)
    if id_type in ("name", "address", "date_of_birth"):
        return normalise_name(value)
    return normalise_token(value)
