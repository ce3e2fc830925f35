"""E-mail addresses, typed and obfuscated, with a real top-level domain.

Catches (on normalised text, see `detectors.normalise`):
- typed addresses: "john.patterson@gmail.com", "a_b+tag@mail.example.co.uk";
- spoken addresses, which the normaliser has already rewritten to the typed form
  ("john dot patterson at gmail dot com" -> "john.patterson@gmail.com");
- obfuscated chat forms the normaliser leaves alone: "john [at] gmail [dot] com",
  "john(at)gmail(dot)com", "john {at} gmail.com", and the bare-word form "john at acme dot shop"
  (also spoken forms the normaliser missed: "john dot patterson at gmail dot com. Next ...").

Deliberately not caught: domains whose last label is not a public suffix in tldextract's
*bundled* snapshot ("john@server.local", "me at home dot lan"), local parts that are plain
English ("look at this dot com"), and addresses without a domain ("john@").
"""

from __future__ import annotations

import re

import tldextract
from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

# The bundled public-suffix snapshot only: never the network, never a cache on disk.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_LOCAL = r"[\w!#$%&'*+/=?^`{|}~-](?:[\w!#$%&'*+/=?^`{|}~.-]*[\w!#$%&'*+/=?^`{|}~-])?"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_B_AT = r"\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*"
_B_DOT = r"\s*(?:[\[\(\{<]\s*dot\s*[\]\)\}>]|\.)\s*"
_W_AT = r"\s+at\s+"
_W_DOT = r"(?:\s+dot\s+|\.)"
_W_SEP = r"\s+(?:dot|underscore|dash|hyphen)\s+"  # spoken local part the normaliser missed

# Words that are the "local part" of English, not of an address ("look at this dot com").
_NOT_LOCAL = {"me", "him", "her", "us", "them", "you", "it", "look", "this", "that", "here", "there",
              "home", "work", "back", "least", "all", "once", "first", "last", "best", "most"}
_CANON = [(re.compile(r"\s*[\[\(\{<]\s*at\s*[\]\)\}>]\s*|\s+at\s+", re.I), "@"),
          (re.compile(r"\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+", re.I), "."),
          (re.compile(r"\s+underscore\s+", re.I), "_"), (re.compile(r"\s+(?:dash|hyphen)\s+", re.I), "-")]


class EmailAddressRecognizer(CallscrubPatternRecognizer):
    """Recognise EMAIL_ADDRESS: typed, spoken-then-normalised and chat-obfuscated forms."""

    ENTITY = "EMAIL_ADDRESS"
    NAME = "CallscrubEmailRecognizer"

    PATTERNS = [
        Pattern("Email (typed)", rf"(?<![\w.@-]){_LOCAL}@{_LABEL}(?:\.{_LABEL})+\b", 0.9),
        Pattern("Email (bracketed at/dot)",
                rf"(?<![\w.@-]){_LOCAL}(?:{_B_AT}{_LABEL}(?:{_B_DOT}{_LABEL})+"
                rf"|@{_LABEL}(?:{_B_DOT}{_LABEL})+)\b", 0.85),
        Pattern("Email (at/dot as words)",
                rf"(?<![\w.@-]){_LOCAL}(?:{_W_SEP}{_LOCAL})*{_W_AT}{_LABEL}(?:{_W_DOT}{_LABEL})+\b", 0.6),
    ]
    CONTEXT = ["email", "e-mail", "mail", "address"]


    @staticmethod
    def canonical(pattern_text: str) -> str:
        """"john [at] gmail [dot] com" -> "john@gmail.com"."""
        text = pattern_text
        for rx, repl in _CANON:
            text = rx.sub(repl, text)
        return text.lower()

    def invalidate_result(self, pattern_text: str) -> bool:
        """Invalid unless the canonical form has a local part and a real (bundled) suffix."""
        local, _, domain = self.canonical(pattern_text).rpartition("@")
        if not local or not domain or local in _NOT_LOCAL:
            return True
        parts = _TLD(domain)
        return not (parts.suffix and parts.domain)
