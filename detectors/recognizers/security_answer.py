"""Answers to security questions: the 1-3 words after the question's own phrasing.

Catches (on normalised text), the answer only, never the cue:
- "my mother's maiden name is Jones", "mum's maiden name was O'Neill" (0.7);
- "my first pet was called Rex", "first pet's name was Biscuit" (0.7);
- "my first school was St Mary's", "memorable word is sunshine", "memorable place is Brighton",
  "favourite colour is blue", "my password is hunter2" (0.7);
- "the answer is X", "it's X" after an agent's security question: 0.25 on its own, so it needs
  context ("security question", "memorable", "maiden", ... in the sentence, or `context=[...]`
  carrying the agent's previous turn).

Deliberately not caught: answers that start with a stopword or a hedge ("the answer is I don't
remember", "it's no"), answers longer than three words, and the question itself.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.recognizers.base import CallscrubPatternRecognizer

_IS = r"(?:is|was|'s|would\s+be)"
_STOP = (r"(?:i|i'm|it|it's|is|was|a|an|the|and|but|so|or|um|uh|er|erm|yes|yeah|no|not|that|this|my|your"
         r"|please|thanks|thank|sorry|sure|okay|ok|just|probably|maybe|don't|dont|can't|think|remember"
         r"|called|named|you|we|he|she|they|of|to|in|on|at|for|with|if|because|then|there|here)")
_WORD = rf"(?!{_STOP}\b)[^\W_][\w'-]*"
_ANSWER = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_CUES = {
    "maiden name": rf"maiden\s+name\s+{_IS}\s+",
    "first pet": rf"(?:first\s+pet(?:'s\s+name)?|pet(?:'s)?\s+name)\s+{_IS}\s+(?:called\s+|named\s+)?",
    "first school": rf"(?:first|primary)\s+school\s+{_IS}\s+(?:called\s+)?",
    "memorable": rf"memorable\s+(?:word|place|name|date|answer)\s+{_IS}\s+",
    "favourite": rf"favou?rite\s+\w+\s+{_IS}\s+",
    "password": rf"(?:password|passcode|pass\s+phrase|passphrase)\s+{_IS}\s+",
}


class SecurityAnswerRecognizer(CallscrubPatternRecognizer):
    """Recognise SECURITY_ANSWER: the answer after a security-question phrase."""

    ENTITY = "SECURITY_ANSWER"
    NAME = "CallscrubSecurityAnswerRecognizer"

    PATTERNS = [
        *(Pattern(f"Security answer ({name})", rf"(?<=\b{cue}){_ANSWER}\b", 0.7) for name, cue in _CUES.items()),
        Pattern("Security answer (bare)", rf"(?<=\b(?:the\s+)?answer\s+{_IS}\s+|^\s*it's\s+){_ANSWER}\b", 0.25),
    ]
    CONTEXT = ["security", "maiden", "memorable", "pet", "favourite", "favorite", "password", "secret"]

