"""Rights requests said or typed by a customer: find them in a conversation's turns.

`IntentDetector.find(turns)` returns one `IntentFinding` (intent, turn, character span, rule) per
request a customer makes. spaCy's `Matcher` finds the trigger (a verb of deletion, a phrase such
as "take me off your list"); rules then check what it is about (the first noun after a deletion
verb must be personal data: "delete my details", not "delete the duplicate payment") and veto
what is not a request now: negation ("I don't want you to delete it"), hypotheticals and
questions about policy ("if I closed my account would you delete my data?"), and past events
("I asked you to remove my details last year"). Agents' turns never count.
"""

from detectors.intents.detector import INTENTS, IntentDetector, IntentFinding

__all__ = ["INTENTS", "IntentDetector", "IntentFinding"]
