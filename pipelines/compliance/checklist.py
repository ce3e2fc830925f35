"""The procedure checklist (YAML), typed and validated: a bad checklist stops the run (exit 2)."""

from __future__ import annotations

import fnmatch

import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from callscrub.errors import ConfigError

DEFAULT_CHECKLIST = Path(__file__).with_name("checklist.yaml")
CHECKS = ("recording_disclosure", "identity_before_account", "no_full_card_readback", "data_minimisation",
          "request_acknowledged")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compile(patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc.msg} at position {exc.pos})") from None
    return patterns


class Patterns(_Model):
    enabled: bool = True
    patterns: list[str] = Field(default_factory=list)

    _valid = field_validator("patterns")(classmethod(lambda cls, v: _compile(v)))

    @cached_property
    def regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.patterns]


class RecordingDisclosure(Patterns):
    channels: list[str] = Field(default_factory=lambda: ["voice"])
    within_agent_turns: int = Field(2, ge=1, le=10)


class IdentityBeforeAccount(_Model):
    """`verification`: an agent asks for or confirms identity. `account_details`: an agent tells
    the customer something about the account. `not_disclosing`: the agent asks for a detail ("can I
    take the email address on your account") or says what will be done ("once your final bill is
    settled", "your account is now closed"): an account pattern that starts inside one tells the
    customer nothing. A detail the customer has just said, read back ("so that's the card ending
    4444"), is not a disclosure either."""
    enabled: bool = True
    verification: list[str]
    account_details: list[str] = Field(min_length=1)
    not_disclosing: list[str] = Field(default_factory=list)

    _valid = field_validator("verification", "account_details", "not_disclosing")(
        classmethod(lambda cls, v: _compile(v)))

    @cached_property
    def not_disclosing_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.not_disclosing]

    @cached_property
    def verification_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.verification]

    @cached_property
    def account_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.account_details]


def _alternatives(words: list[str]) -> str:
    """A regex alternation of `words`, longest first, any run of spaces matching a word's space."""
    return "|".join(re.escape(w.strip()).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_PREFIX = re.compile(r"^(\d{1,8})(?:-(\d{1,8}))?$")


class CardNetwork(_Model):
    """The numbers a card network issues: `prefixes` ("4", "51-55", "2221-2720") and `lengths`."""
    prefixes: list[str] = Field(min_length=1)
    lengths: list[int] = Field(min_length=1)

    @field_validator("prefixes")
    @classmethod
    def _prefixes(cls, value: list[str]) -> list[str]:
        for p in value:
            m = _PREFIX.match(p)
            if m is None or (m.group(2) and (len(m.group(1)) != len(m.group(2)) or m.group(1) > m.group(2))):
                raise ValueError(f"prefix {p!r} is not digits or a range of digits of one length ('51-55')")
        return value

    @field_validator("lengths")
    @classmethod
    def _lengths(cls, value: list[int]) -> list[int]:
        if any(not 12 <= n <= 19 for n in value):
            raise ValueError("card numbers are 12 to 19 digits long")
        return value

    def issues(self, digits: str) -> bool:
        """Whether this network issues `digits` (its length and prefix)."""
        if len(digits) not in self.lengths:
            return False
        for p in self.prefixes:
            low, _, high = p.partition("-")
            if low <= digits[: len(low)] <= (high or low):
                return True
        return False


class CardReadback(_Model):
    """A card number read back in full: `min_card_digits` or more digits that pass the Luhn check
    and that one of `networks` issues; not a number the turn calls something else (`not_card`: an
    IMEI, a serial, a meter, a tracking or order number) within `context_chars` before it, unless a
    card word (`card_words`) is nearer. A number that fails the checksum still counts when the turn
    says it is a card (a card word right before it, or one of `card_after_words` within
    `context_chars` after it: "... and the expiry"): a digit misheard by the recogniser, or misread,
    does not make a full card number read out any less exposed."""
    enabled: bool = True
    max_digits_read_back: int = Field(4, ge=0, le=4)
    min_card_digits: int = Field(13, ge=12, le=19)
    networks: dict[str, CardNetwork] = Field(min_length=1)
    not_card: list[str] = Field(default_factory=list)
    card_words: list[str] = Field(default_factory=list)
    card_after_words: list[str] = Field(default_factory=list)
    context_chars: int = Field(40, ge=0, le=200)

    @field_validator("not_card", "card_words", "card_after_words")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        if any(not w.strip() for w in value):
            raise ValueError("an empty word")
        return value

    @cached_property
    def labels(self) -> re.Pattern[str] | None:
        """A word that names a number: group 1 when it says the number is not a card."""
        if not self.not_card:
            return None
        card = rf"|\b(?:{_alternatives(self.card_words)})\b" if self.card_words else ""
        return re.compile(rf"\b({_alternatives(self.not_card)})\b{card}", re.IGNORECASE)

    @cached_property
    def card_before(self) -> re.Pattern[str] | None:
        """A card word ending right before a number ("the card number is", "on the visa")."""
        return re.compile(rf"\b(?:{_alternatives(self.card_words)})\b", re.IGNORECASE) if self.card_words else None

    @cached_property
    def card_after(self) -> re.Pattern[str] | None:
        """What follows a card number read out ("... and the expiry", "... security code")."""
        if not self.card_after_words:
            return None
        return re.compile(rf"\b(?:{_alternatives(self.card_after_words)})\b", re.IGNORECASE)

    def is_card(self, digits: str) -> bool:
        return any(n.issues(digits) for n in self.networks.values())


class DataMinimisation(_Model):
    enabled: bool = True
    forbidden_by_queue: dict[str, list[str]] = Field(default_factory=dict)
    asks: dict[str, list[str]] = Field(default_factory=dict)
    not_asking: str | None = None  # a turn that says it is NOT asking ("we never need your NI number")

    def forbidden_for(self, queue: str | None) -> list[str]:
        """What an agent may not ask for in `queue`: the union over every key that names it, a
        queue name or a shell-style pattern ("retail*" covers "retail_orders", "Retail-Online")."""
        name = (queue or "").strip().lower()
        return sorted({t for pattern, types in self.forbidden_by_queue.items()
                       if fnmatch.fnmatchcase(name, pattern.lower()) for t in types})

    @field_validator("asks")
    @classmethod
    def _asks(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for patterns in value.values():
            _compile(patterns)
        return value

    @field_validator("not_asking")
    @classmethod
    def _not_asking(cls, value: str | None) -> str | None:
        return _compile([value])[0] if value else value

    @cached_property
    def not_asking_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.not_asking, re.IGNORECASE) if self.not_asking else None

    @cached_property
    def ask_regexes(self) -> dict[str, list[re.Pattern[str]]]:
        return {t: [re.compile(p, re.IGNORECASE) for p in ps] for t, ps in self.asks.items()}


class Commitment(_Model):
    """An agent's commitment to act: one of `actors` ("i've", "we'll") then, within `window`
    characters of the same sentence, one of `actions` (general: "logged", "passed") or of the
    request's own `by_intent` actions ("deleted" for erasure); or a turn that opens with one of
    `done` ("Updated ✅", "done sir"); or one of `progressive` right before an action's -ing form
    ("i'm updating your title"). Word classes, not phrases: each entry is one word or form."""
    window: int = Field(40, ge=5, le=120)
    actors: list[str] = Field(default_factory=list)
    progressive: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    by_intent: dict[str, list[str]] = Field(default_factory=dict)
    done: list[str] = Field(default_factory=list)

    @field_validator("by_intent")
    @classmethod
    def _by_intent(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        from detectors.intents import INTENTS

        for intent in value:
            if intent not in INTENTS:
                raise ValueError(f"unknown intent {intent!r}; intents are {', '.join(INTENTS)}")
        return value

    def _words(self, words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    def _in_progress(self, actions: list[str]) -> str:
        """ "i'm updating": a progressive actor, then (past "now" or "just") an -ing form of `actions`."""
        forms = [w for w in actions if w.split()[0].endswith("ing")]
        if not self.progressive or not forms:
            return ""
        return rf"|\b({self._words(self.progressive)})\s+(now\s+|just\s+)?({self._words(forms)})\b"

    @cached_property
    def general_regex(self) -> re.Pattern[str] | None:
        if not self.actors or not self.actions:
            return None
        return re.compile(rf"\b({self._words(self.actors)})\b[^.?!]{{0,{self.window}}}?\b({self._words(self.actions)})\b"
                          + self._in_progress(self.actions), re.IGNORECASE)

    def regex_for(self, intent: str) -> re.Pattern[str] | None:
        actions = self.by_intent.get(intent, [])
        if not self.actors or not actions:
            return None
        return re.compile(rf"\b({self._words(self.actors)})\b[^.?!]{{0,{self.window}}}?\b({self._words(actions)})\b|"
                          rf"^\W*({self._words(self.done)})\b" + self._in_progress(actions) if self.done else
                          rf"\b({self._words(self.actors)})\b[^.?!]{{0,{self.window}}}?\b({self._words(actions)})\b"
                          + self._in_progress(actions), re.IGNORECASE)


class Acknowledgement(Patterns):
    by_intent: dict[str, list[str]] = Field(default_factory=dict)
    commitment: Commitment = Field(default_factory=Commitment)

    @field_validator("by_intent")
    @classmethod
    def _by_intent(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        from detectors.intents import INTENTS

        for intent, patterns in value.items():
            if intent not in INTENTS:
                raise ValueError(f"unknown intent {intent!r}; intents are {', '.join(INTENTS)}")
            _compile(patterns)
        return value

    def regexes_for(self, intent: str) -> list[re.Pattern[str]]:
        return self.regexes + [re.compile(p, re.IGNORECASE) for p in self.by_intent.get(intent, [])]


class Checks(_Model):
    recording_disclosure: RecordingDisclosure
    identity_before_account: IdentityBeforeAccount
    no_full_card_readback: CardReadback
    data_minimisation: DataMinimisation
    request_acknowledged: Acknowledgement


class Checklist(_Model):
    version: int = Field(ge=1, le=1)
    checks: Checks

    def enabled(self) -> list[str]:
        return [name for name in CHECKS if getattr(self.checks, name).enabled]


def load_checklist(path: Path | None = None) -> Checklist:
    import yaml

    where = path or DEFAULT_CHECKLIST
    try:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the compliance checklist {where} ({exc.strerror})") from None
    except yaml.YAMLError:
        raise ConfigError(f"the compliance checklist {where} is not valid YAML") from None
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as exc:
        where_ = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid compliance checklist {where}: {where_}") from None
    unknown = {t for ts in checklist.checks.data_minimisation.forbidden_by_queue.values() for t in ts} - set(
        checklist.checks.data_minimisation.asks)
    if unknown:
        raise ConfigError(f"invalid compliance checklist {where}: no 'asks' patterns for {', '.join(sorted(unknown))}")
    return checklist
