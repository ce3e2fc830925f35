"""Organisation-specific identifiers from configuration: customer, account, policy, order numbers.

One instance per config record: `CustomIdRecognizer("CUSTOMER_ID", r"CUST-\\d{6}", ["customer"])`.
Matching is case-insensitive (Presidio's default flags) and uses the `regex` module, like every
PatternRecognizer.

Spoken variants: ASR and the normaliser turn "C U S T dash zero zero four four one seven" into
"CUST dash 004417", "CUST 004417" or "CUST004417". So next to the configured pattern the
recognizer adds a *separator-tolerant* variant, made by rewriting the pattern outside character
classes: (1) every literal separator ("-", "\\-", "_", "/", "\\/", "\\.", " ") not already
followed by a quantifier becomes an optional separator (the typed one, whitespace, or a spoken
"dash" / "hyphen" / "slash" / "underscore" / "dot"), and (2) an optional separator is allowed
between a literal letter and a following digit atom ("\\d", "[0-9...]"), so "POL\\d{8}" also
finds "POL 12345678". The variant scores the same as the pattern.

Deliberately not done: guessing context or checksums; patterns that are invalid or that match
the empty string raise ValueError (the config layer reports it and refuses to run: fail closed).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from presidio_analyzer import Pattern, PatternRecognizer

_SEP = r"(?:\s*[-_/.]\s*|\s+(?:dash|hyphen|slash|underscore|dot)\s+|\s+)?"
_SEPARATORS = {"-", "_", "/", " ", "\\-", "\\_", "\\/", "\\.", "\\ "}
_QUANTIFIERS = "?*+{"


def _atoms(pattern: str) -> list[str]:
    """Split a regex into atoms: escapes, character classes, group openers, quantifiers, chars."""
    atoms: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            j = i + 2
            if pattern[i + 1 : i + 2] in ("p", "P", "N") and pattern[j : j + 1] == "{":
                j = pattern.index("}", j) + 1
        elif c == "[":
            j = i + 1
            j += 1 if pattern[j : j + 1] == "^" else 0
            j += 1 if pattern[j : j + 1] == "]" else 0
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            j += 1
        elif c == "(" and pattern[i + 1 : i + 2] == "?":
            j = i + 2
            if pattern[j : j + 2] in ("P<", "P=") or (pattern[j] == "<" and pattern[j + 1] not in "=!"):
                j = pattern.index(">", j) + 1
            else:
                while pattern[j] not in ":)=!<":
                    j += 1
                j += 2 if pattern[j] == "<" else 1
        elif c == "{":
            j = pattern.index("}", i) + 1 if regex.match(r"\{\d*,?\d*\}", pattern[i:]) else i + 1
        else:
            j = i + 1
        atoms.append(pattern[i:j])
        i = j
    return atoms


def separator_tolerant(pattern: str) -> str:
    """The spoken/normalised variant of `pattern` (see the module docstring)."""
    atoms = _atoms(pattern)
    out: list[str] = []
    for k, atom in enumerate(atoms):
        nxt = atoms[k + 1] if k + 1 < len(atoms) else ""
        if atom in _SEPARATORS and not (nxt and nxt[0] in _QUANTIFIERS):
            out.append(_SEP)
            continue
        out.append(atom)
        digit_next = nxt in ("\\d", "[0-9]") or nxt.startswith("[0-9") or nxt.startswith("[\\d")
        if len(atom) == 1 and atom.isalpha() and digit_next:
            out.append(_SEP)
    return "".join(out)


class CustomIdRecognizer(PatternRecognizer):
    """Recognise a configured identifier (entity type and regex from config), typed or spoken."""

    PATTERNS: list[Pattern] = []  # built per instance from the config record
    CONTEXT: list[str] = []

    def __init__(
        self,
        entity_type: str,
        pattern: str,
        context: Sequence[str],
        score: float = 0.6,
        supported_language: str = "en",
        name: str | None = None,
    ) -> None:
        if not regex.fullmatch(r"[A-Z][A-Z0-9_]*", entity_type or ""):
            raise ValueError(f"custom id entity type {entity_type!r} must be UPPER_SNAKE_CASE, e.g. CUSTOMER_ID")
        if not 0.0 < score <= 1.0:
            raise ValueError(f"custom id {entity_type}: score {score} must be in (0, 1]")
        try:
            compiled = regex.compile(pattern, flags=regex.IGNORECASE)
        except (regex.error, TypeError) as exc:
            raise ValueError(f"custom id {entity_type}: invalid regular expression {pattern!r}: {exc}") from None
        if compiled.fullmatch(""):
            raise ValueError(f"custom id {entity_type}: pattern {pattern!r} matches the empty string")
        patterns = [Pattern(f"{entity_type} (configured)", pattern, score)]
        try:
            variant = separator_tolerant(pattern)
            regex.compile(variant, flags=regex.IGNORECASE)
        except (regex.error, ValueError, IndexError):
            variant = pattern  # an exotic pattern we can't rewrite: the configured one still runs
        if variant != pattern:
            patterns.append(Pattern(f"{entity_type} (separator tolerant)", variant, score))
        super().__init__(
            supported_entity=entity_type,
            patterns=patterns,
            context=[c.lower() for c in context],
            supported_language=supported_language,
            name=name or f"CallscrubCustomId{entity_type.title().replace('_', '')}Recognizer",
        )
