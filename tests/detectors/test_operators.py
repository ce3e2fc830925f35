"""Redaction operators: tag, keyed pseudonym, mask, reversible encryption, and how config picks them."""

from __future__ import annotations

import base64

import pytest

from callscrub.config import CustomIdPattern, DetectionSettings, RedactionSettings, Settings, load_settings
from callscrub.errors import ConfigError
from detectors.operators import (
    ENCRYPTED_TOKEN, Encrypt, Mask, Pseudonym, ReidentifyError, build_operator, decode_key, new_key,
    operator_names, reidentify, tag,
)

SECRET = "s" * 40


def test_tag_ignores_the_value() -> None:
    assert tag("PHONE_NUMBER", "0207 946 0958") == "[PHONE_NUMBER]"


def test_pseudonym_is_keyed_and_consistent_across_spellings_and_spoken_forms() -> None:
    p = Pseudonym(SECRET)
    assert p("PERSON", "Maria Gonzalez") == p("PERSON", "maria  GONZALEZ")
    assert p("CREDIT_CARD", "4111 1111 1111 1111") == p("CREDIT_CARD", "four one one one one one one one "
                                                          "one one one one one one one one")
    assert p("PERSON", "Maria Gonzalez") != p("PERSON", "Maria Gonzales")
    assert p("PERSON", "Maria Gonzalez") != Pseudonym("t" * 40)("PERSON", "Maria Gonzalez"), "keyed"
    token = p("PERSON", "Maria Gonzalez")
    assert token.startswith("<PERSON_") and "maria" not in token.lower()
    with pytest.raises(ValueError):
        Pseudonym("")


@pytest.mark.parametrize(("value", "expected"), [
    ("4111 1111 1111 1234", "[CREDIT_CARD ****1234]"),
    ("four one one one one one one one one one one one one two three four", "[CREDIT_CARD ****1234]"),
    ("123", "[CREDIT_CARD]"),  # too short to keep anything
])
def test_mask_keeps_at_most_the_last_four_digits(value: str, expected: str) -> None:
    assert Mask(4)("CREDIT_CARD", value) == expected


def test_mask_with_nothing_to_keep_is_a_tag() -> None:
    assert Mask(0)("CREDIT_CARD", "4111 1111 1111 1234") == "[CREDIT_CARD]"


def test_encryption_round_trips_only_with_its_key() -> None:
    key = decode_key(new_key())
    enc = Encrypt(key)
    a, b = enc("PHONE_NUMBER", "+44 20 7946 0958"), enc("PHONE_NUMBER", "+44 20 7946 0958")
    assert a != b, "a random nonce per value: equal values do not give equal tokens"
    assert ENCRYPTED_TOKEN.fullmatch(a) and "7946" not in a
    text, n = reidentify(f"call {a} or {b}.", key)
    assert (text, n) == ("call +44 20 7946 0958 or +44 20 7946 0958.", 2)
    with pytest.raises(ReidentifyError):
        reidentify(a, decode_key(new_key()))


def test_a_tampered_or_retyped_token_does_not_decrypt() -> None:
    key = decode_key(new_key())
    token = Encrypt(key)("PERSON", "Maria Gonzalez")
    body = token.removeprefix("<enc:PERSON:").removesuffix(">")
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    with pytest.raises(ReidentifyError):
        reidentify(f"<enc:PERSON:{flipped}>", key)
    with pytest.raises(ReidentifyError):  # the entity type is authenticated too
        reidentify(f"<enc:EMAIL_ADDRESS:{body}>", key)


def test_text_without_tokens_is_unchanged() -> None:
    assert reidentify("nothing [PERSON] here", decode_key(new_key())) == ("nothing [PERSON] here", 0)


def _settings(**kw: object) -> Settings:
    return Settings(**kw)  # type: ignore[arg-type]


def test_defaults_pseudonymise_names_and_custom_ids_only_with_a_secret() -> None:
    custom = DetectionSettings(custom_ids=[CustomIdPattern(entity_type="CUSTOMER_ID", pattern=r"CUST-\d{6}")])
    with_secret = operator_names(_settings(secret_key=SECRET, detection=custom))
    assert [with_secret(e) for e in ("PERSON", "CUSTOMER_ID", "PHONE_NUMBER")] == ["pseudonym", "pseudonym", "tag"]
    without = operator_names(_settings(detection=custom))
    assert [without(e) for e in ("PERSON", "CUSTOMER_ID", "PHONE_NUMBER")] == ["tag", "tag", "tag"]
    op = build_operator(_settings(secret_key=SECRET, detection=custom))
    assert op("PERSON", "Maria").startswith("<PERSON_") and op("PHONE_NUMBER", "0207 946 0958") == "[PHONE_NUMBER]"


def test_explicit_operators_win_and_fail_closed_without_their_keys() -> None:
    red = RedactionSettings(operators={"CREDIT_CARD": "mask", "PERSON": "tag"})
    op = build_operator(_settings(secret_key=SECRET, redaction=red))
    assert op("CREDIT_CARD", "4111 1111 1111 1234") == "[CREDIT_CARD ****1234]"
    assert op("PERSON", "Maria") == "[PERSON]"
    with pytest.raises(ConfigError, match="secret_key"):
        build_operator(_settings(redaction=RedactionSettings(operators={"PERSON": "pseudonym"})))
    with pytest.raises(ConfigError, match="encryption_key"):
        build_operator(_settings(redaction=RedactionSettings(operators={"PHONE_NUMBER": "encrypt"})))


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_bad_encryption_key_is_a_config_error_that_does_not_echo_it(bad: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLSCRUB_REDACTION__ENCRYPTION_KEY", bad)
    with pytest.raises(ConfigError) as info:
        load_settings(None)
    assert "encryption_key" in str(info.value) and bad not in str(info.value)
