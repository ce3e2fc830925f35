"""Conversation context: the words of the previous turns, handed to the analyzer with each turn.

An agent's "can you read me the card number?" puts "card" and "number" into the context of
the customer's next turn, so the digits that follow score as a card number, and a bare "123"
after "and the security code?" scores as a CVV.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MAX_WORDS = 60


def previous_turn_words(texts: list[str], turns: int) -> list[list[str] | None]:
    """For each text, the lower-case words of up to `turns` texts before it (None for the first)."""
    out: list[list[str] | None] = []
    for i in range(len(texts)):
        window = texts[max(0, i - turns) : i]
        words = _WORD.findall(" ".join(window).lower())[-MAX_WORDS:]
        out.append(words or None)
    return out
