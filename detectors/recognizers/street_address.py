"""Street addresses: house number + street name + street type, optionally flat and town.

Catches (on normalised text): "12 Baker Street", "221B Baker St", "221 B Baker Street",
"1600 Pennsylvania Avenue", "Flat 3, 14 Queens Road", "12 Baker Street, London",
"twelve Baker Street" / "a hundred and twelve ..." (single number words the normaliser leaves
alone), and lower-case chat forms "i live at 12 baker street".

Scores: a capitalised street name is plausible structure (0.6); an all-lower-case one (chat, or
ASR that lost the capitals) is 0.3 and needs context ("address", "live at", "moved to", ...).

Deliberately not caught: street names without a house number ("the high street shops",
"Street Fighter"), counts of things ("12 items"), numbers followed by function words
("2 tickets for Oxford Street"), PO boxes and postcodes (see postcode.py).
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_WORDS = rf"(?:(?:(?:a|one|{_UNIT})\s+hundred(?:\s+and)?\s+)?(?:{_TEEN}|{_TENS}(?:[\s-]{_UNIT})?|{_UNIT}))"
_NUMBER = rf"(?:\d{{1,5}}(?:\s?(?-i:[A-Z])\b|[a-z]\b)?|{_WORDS})"
_TYPE = (r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|place|pl|court|ct|crescent|cres"
         r"|terrace|grove|gardens|gdns|boulevard|blvd|square|sq|hill|parade|row|mews|walk|green|park"
         r"|rise|view|vale|wharf|highway|hwy)\.?")
# Function words can't be part of a street name: "2 tickets for Oxford Street".
_STOP = (r"(?:a|an|the|for|to|at|on|in|of|and|or|my|your|our|is|are|was|i|it|by|from|with|off|near"
         r"|into|onto|up|down|per|items?|times?)")
_CAP_WORD = rf"(?!{_STOP}\b)(?-i:[A-Z][A-Za-z'-]+)"
_ANY_WORD = rf"(?!{_STOP}\b)[a-z][a-z'-]+"
_FLAT = r"(?:(?:flat|apartment|apt|unit|suite)\.?\s+(?:\d{1,4}[a-z]?,?\s+)?)?"
_TOWN = rf"(?:,?\s+(?!{_STOP}\b|please\b|thanks?\b|yes\b|yeah\b|and\b)(?-i:[A-Z][a-z]+)\b)?"


class StreetAddressRecognizer(CallscrubPatternRecognizer):
    """Recognise STREET_ADDRESS: house number, street name and street type (+ flat, town)."""

    ENTITY = "STREET_ADDRESS"
    NAME = "CallscrubStreetAddressRecognizer"

    PATTERNS = [
        Pattern("Street address (capitalised)",
                rf"\b{_FLAT}{_NUMBER},?\s+(?:{_CAP_WORD}\s+){{1,3}}{_TYPE}(?!\w){_TOWN}", 0.6),
        Pattern("Street address (any case)",
                rf"\b{_FLAT}{_NUMBER},?\s+(?:{_ANY_WORD}\s+){{1,3}}{_TYPE}(?!\w)", 0.3),
    ]
    CONTEXT = ["address", "live", "living", "moved", "move", "street", "postcode", "reside", "house"]

