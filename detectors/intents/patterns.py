"""The phrase patterns of each rights-request intent (spaCy Matcher token patterns, on lemmas).

Two kinds: `VERB_OBJECT` triggers (a verb whose object the detector checks: the first noun after
it, past determiners and pronouns, must be one of the intent's objects) and `PHRASES` (whole
patterns that are a request by themselves, their negations included: "I don't want to be
recorded" is a withdrawal of consent, so the negation veto does not look inside a phrase).
"""

from __future__ import annotations

from typing import Any

Pattern = list[dict[str, Any]]

PERSONAL_DATA = {"datum", "data", "detail", "information", "info", "record", "profile", "everything",
                 "history", "file", "trace", "anything", "stuff"}
# Papers a customer hands over ("my passport scans", "the payslips I sent"): personal data to erase.
DOCUMENTS = {"passport", "licence", "license", "scan", "payslip", "selfie", "document", "cv", "resume"}
PERSONAL_FIELDS = {"address", "name", "surname", "birth", "dob", "birthday", "email", "e", "mail", "spelling",
                   "postcode", "zip", "title", "detail", "record", "information", "info", "datum", "data",
                   "phone", "number", "contact", "nationality", "gender", "occupation", "citizenship", "initials"}
# Words a verb's object may start with before its head noun ("delete ALL OF MY PERSONAL data").
OBJECT_SKIP = {"all", "the", "my", "your", "of", "any", "personal", "every", "this", "these", "those", "that",
               "a", "an", "me", "us", "our", "whatever", "bit", "of", "entire", "whole", "stored", "current",
               "old", "existing", "full", "complete", "copy", "some", "more", "just", "please", "pls", "plz",
               "also", "then", "completely", "permanently", "fully", "totally", "basically", "like", "um", "uh",
               "it", "for", "from", "customer", "user", "online", "web", "loyalty", "member", "old", "whole", "printout",
               "print", "list", "summary", "record", "records", "ur", "u", "yer", "ya"}

VERB_OBJECT: dict[str, tuple[set[str], set[str]]] = {
    # intent: (trigger verb lemmas, object head lemmas)
    "erasure": ({"delete", "erase", "remove", "wipe", "destroy", "purge", "scrub", "forget", "clear", "del", "bin"},
                PERSONAL_DATA | DOCUMENTS | {"account", "me"}),
    "access": ({"see", "get", "send", "give", "request", "access", "view", "download", "obtain", "receive",
                "email", "provide", "show", "copy", "know"}, PERSONAL_DATA - {"anything", "everything"}),
    "rectification": ({"correct", "fix", "update", "change", "amend", "rectify", "edit"}, PERSONAL_FIELDS),
}

_L = "LOWER"
# What a customer's data is, when its use is objected to: "stop using my listening history".
USED_DATA = ["datum", "data", "information", "info", "detail", "history", "activity", "location", "purchase",
             "behaviour", "behavior", "habit", "profile"]
# The uses of data a customer objects to, as -ing forms after "object to (you)".
OBJECTED_USES = ["sharing", "selling", "passing", "using", "processing", "profiling", "tracking", "targeting",
                 "analysing", "analyzing", "disclosing", "reporting", "personalising", "personalizing", "keeping",
                 "storing", "contacting", "marketing", "emailing", "texting"]  # not "calling" ("calling me a liar")
NEG = ["n't", "not", "dont", "nt", "never"]


def _words(*words: str) -> Pattern:
    return [{_L: w} for w in words]


PHRASES: dict[str, list[Pattern]] = {
    "erasure": [
        _words("right", "to", "be", "forgotten"), _words("right", "to", "erasure"),
        [{"LEMMA": {"IN": sorted(PERSONAL_DATA | {"account"})}}, {"OP": "{0,5}"},
         {_L: {"IN": ["deleted", "erased", "removed", "wiped", "destroyed", "purged", "scrubbed"]}}],
        [{"LEMMA": {"IN": ["take", "remove", "wipe", "delete", "erase", "clear", "purge", "scrub"]}}, {"OP": "{0,3}"},
         {"LEMMA": {"IN": sorted(PERSONAL_DATA)}}, {"OP": "{0,2}"}, {_L: {"IN": ["off", "from", "out"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["system", "database", "record", "file", "server", "book"]}}],
        [{_L: "be"}, {_L: "forgotten"}],
        [{"LEMMA": {"IN": ["want", "get"]}}, {_L: "out"}, {_L: "of"}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["database", "system", "record", "book", "file"]}}],
        [{"LEMMA": {"IN": sorted(PERSONAL_DATA)}}, {"OP": "{0,3}"}, {_L: {"IN": ["taken", "removed", "wiped", "deleted"]}},
         {_L: {"IN": ["off", "out", "from"]}}],
        [{"LEMMA": "get"}, {_L: "rid"}, {_L: "of"}, {"OP": "{0,3}"}, {"LEMMA": {"IN": sorted(PERSONAL_DATA)}}],
        # The request named as a noun: "I request the erasure of all personal data", "deletion of my account"
        # (detector: only with a request cue before it).
        [{_L: {"IN": ["erasure", "deletion", "removal", "destruction"]}}, {_L: "of"}, {"OP": "{0,4}"},
         {"LEMMA": {"IN": sorted(PERSONAL_DATA | DOCUMENTS | {"account"})}}],
        [{"LEMMA": {"IN": ["take", "remove", "delete", "erase", "wipe"]}}, {_L: {"IN": ["me", "my"]}}, {"OP": "{0,2}"},
         {_L: {"IN": ["off", "from", "out"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["system", "database", "record", "file", "server", "book"]}}],
    ],
    "access": [
        _words("subject", "access", "request"), [{_L: "subject"}, {_L: {"IN": ["access", "axis", "excess", "assess"]}}],
        [{_L: {"IN": ["sar", "dsar"]}}],
        [{_L: "what"}, {"OP": "{0,2}"}, {"LEMMA": {"IN": ["datum", "data", "information", "info", "detail"]}},
         {"OP": "{0,3}"}, {"LEMMA": {"IN": ["have", "hold", "keep", "store", "know"]}}, {"OP": "{0,2}"},
         {_L: {"IN": ["on", "about", "of"]}}, {_L: "me"}],
        [{_L: {"IN": ["everything", "what", "wat", "anything", "all", "whatever"]}}, {"OP": "{0,6}"},
         {"LEMMA": {"IN": ["have", "hold", "keep", "store", "know", "get", "record"]}},
         {"OP": "{0,6}"}, {_L: {"IN": ["on", "about", "of"]}}, {"OP": "{0,4}"}, {_L: "me"}],
        [{_L: "copy"}, {_L: "of"}, {"OP": "{0,3}"}, {"LEMMA": {"IN": ["datum", "data", "information", "detail", "record",
                                                                     "file"]}}],
    ],
    "rectification": [  # see also detector._rectification: a field said to be wrong, anywhere in the turn
        [{"LEMMA": {"IN": sorted(PERSONAL_FIELDS)}}, {"OP": "{0,4}"}, {"LEMMA": {"IN": ["be", "'s"]}}, {"OP": "?"},
         {_L: {"IN": ["wrong", "incorrect", "misspelt", "misspelled", "outdated", "inaccurate", "mistyped"]}}],
        [{"LEMMA": {"IN": sorted(PERSONAL_FIELDS)}}, {"OP": "{0,4}"}, {"LEMMA": {"IN": ["be", "'s"]}}, {_L: "out"},
         {_L: "of"}, {_L: "date"}],
        [{"LEMMA": {"IN": ["spell", "spelt"]}}, {_L: {"IN": ["wrong", "wrongly", "incorrectly"]}}],
        [{"LEMMA": {"IN": ["get", "have", "put", "spell", "type"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": sorted(PERSONAL_FIELDS)}}, {"OP": "{0,3}"}, {_L: {"IN": ["wrong", "wrongly", "incorrect"]}}],
        [{_L: {"IN": ["wrong", "incorrect", "old"]}}, {"LEMMA": {"IN": ["address", "name", "surname", "email",
                                                                        "birth", "postcode", "number"]}},
         {"OP": "{0,3}"}, {_L: {"IN": ["on", "in"]}}, {"OP": "?"}, {"LEMMA": {"IN": ["file", "record", "system",
                                                                                       "account", "database"]}}],
    ],
    "objection": [
        [{"LEMMA": {"IN": ["take", "remove", "drop", "delete", "get"]}}, {_L: {"IN": ["me", "my"]}}, {"OP": "{0,2}"},
         {_L: {"IN": ["off", "from", "out"]}}, {"OP": "{0,3}"}, {"LEMMA": {"IN": ["list", "mailing"]}}],
        [{"LEMMA": "unsubscribe"}], [{"LEMMA": {"IN": ["opt", "optout"]}}, {_L: {"IN": ["me", "out"]}, "OP": "+"}],
        [{_L: "opt"}, {_L: "-"}, {_L: "out"}],
        [{"LEMMA": {"IN": ["stop", "quit", "cease"]}}, {_L: {"IN": ["them", "you", "u", "all"]}, "OP": "?"},
         {"LEMMA": {"IN": ["send", "text", "email", "call", "contact", "message", "spam", "phone", "ring", "bombard",
                           "txt", "txting", "texting", "ringing", "calling", "emailing", "messaging", "mail"]}},
         {_L: {"IN": ["me", "us"]}}],
        [{"LEMMA": {"IN": ["stop", "quit", "cease"]}}, {"OP": "{0,3}"},
         {"LEMMA": {"IN": ["text", "call", "email", "message", "letter", "catalogue", "mail", "txt"]}}, {"OP": "{0,4}"},
         {"LEMMA": {"IN": ["offer", "deal", "marketing", "promo", "promotion", "sale", "advert", "loan", "discount"]}}],
        [{_L: "leave"}, {_L: "me"}, {_L: "alone"}],
        [{"LEMMA": {"IN": ["stop", "quit", "cease"]}},
         {_L: {"IN": ["txting", "texting", "txt", "text", "ringing", "calling", "emailing", "messaging", "spamming"]}},
         {_L: {"IN": ["me", "us"]}}],
        [{"LOWER": {"IN": NEG}}, {"LEMMA": {"IN": ["sell", "share", "pass", "profile", "target", "track"]}}],
        [{"LOWER": {"IN": NEG}}, {"OP": "?"}, {"LEMMA": {"IN": ["want", "wanna"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["profile", "profiling", "target", "targeting", "track", "tracking"]}}],
        [{"LEMMA": {"IN": ["stop", "quit", "cease"]}}, {"OP": "{0,3}"},
         {"LEMMA": {"IN": ["marketing", "newsletter", "promotion", "offer", "spam", "advert", "advertising"]}}],
        [{_L: "no"}, {_L: "more"}, {"OP": "?"}, {"LEMMA": {"IN": ["marketing", "email", "text", "call", "offer",
                                                                   "newsletter", "promotion", "spam", "message", "junk",
                                                                   "sales", "mail"]}}],
        [{_L: {"IN": ["taken", "removed"]}}, {_L: {"IN": ["off", "from"]}}, {"OP": "{0,3}"},
         {"LEMMA": {"IN": ["list", "mailing", "marketing"]}}],
        [{"LOWER": {"IN": NEG}}, {"LEMMA": {"IN": ["want", "wish", "like", "consent", "agree"]}}, {"OP": "{0,8}"},
         {"LEMMA": {"IN": ["marketing", "newsletter", "promotion", "offer", "advert", "advertising", "spam",
                           "partner", "third", "sell", "selling", "share", "sharing", "pass", "passing", "promo",
                           "profiling", "targeting", "tracking", "personalisation", "personalization", "analytics"]}}],
        [{"LOWER": {"IN": NEG}}, {"LEMMA": {"IN": ["market", "spam"]}}, {_L: {"IN": ["to", "me"]}}],
        [{_L: "no"}, {"LEMMA": {"IN": ["marketing", "sales", "promotional", "spam"]}}],
        [{"LOWER": {"IN": NEG}}, {"LEMMA": {"IN": ["call", "text", "email", "contact", "message", "ring", "send"]}},
         {_L: {"IN": ["me", "us"]}}, {"OP": "{0,4}"},
         {"LEMMA": {"IN": ["marketing", "sales", "offer", "promotion", "promo", "promotional", "deal", "newsletter"]}}],
        [{"LEMMA": {"IN": ["stop", "quit", "cease"]}}, {"LEMMA": {"IN": ["process", "processing", "share", "sharing",
                                                                        "sell", "selling", "pass", "passing"]}},
         {"OP": "{0,4}"}, {"LEMMA": {"IN": ["datum", "data", "information", "info", "detail"]}}],
        [{"LEMMA": {"IN": ["stop", "quit", "cease"]}}, {"LEMMA": "use"}, {_L: {"IN": ["my", "our"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": USED_DATA}}],
        [{"LOWER": {"IN": NEG}}, {"LEMMA": "use"}, {_L: {"IN": ["my", "our"]}},
         {"OP": "{0,2}"}, {"LEMMA": {"IN": USED_DATA}}],
        [{"LEMMA": "object"}, {_L: "to"}, {"OP": "{0,4}"},
         {"LEMMA": {"IN": ["processing", "profiling", "marketing", "use", "datum", "data", "process"]}}],
        # "I object to you sharing it", "object to them selling my details": a use of the data objected to.
        [{"LEMMA": "object"}, {_L: "to"}, {"OP": "{0,2}"}, {_L: {"IN": OBJECTED_USES}}],
        [{_L: "do"}, {_L: "not"}, {_L: "contact"}],
    ],
    "recording_consent_withdrawal": [
        [{"LEMMA": {"IN": ["stop", "end", "pause", "cease", "quit", "cut"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["record", "recording", "recorder"]}}],
        [{"LEMMA": {"IN": ["turn", "switch", "shut"]}}, {"OP": "{0,1}"}, {_L: "off"}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["record", "recording", "recorder"]}}],
        [{"LEMMA": {"IN": ["turn", "switch", "shut"]}}, {"OP": "{0,2}"},
         {"LEMMA": {"IN": ["record", "recording", "recorder", "tape"]}}, {"OP": "{0,2}"}, {_L: "off"}],
        [{"LEMMA": {"IN": ["revoke", "withdraw", "retract"]}}, {"OP": "{0,3}"}, {_L: "consent"}, {"OP": "{0,5}"},
         {_L: {"IN": ["recorded", "recording", "record", "taped"]}}],
        [{_L: {"IN": ["not", "n't", "nt"]}}, {_L: {"IN": ["okay", "ok", "comfortable", "happy", "alright", "fine"]}},
         {"OP": "{0,4}"}, {_L: {"IN": ["recorded", "recording", "taped", "record"]}}],
        [{_L: "without"}, {_L: "the"}, {_L: {"IN": ["recording", "recorder", "tape"]}}],
        [{_L: {"IN": ["rather", "prefer"]}}, {"OP": "{0,3}"}, {_L: {"IN": ["wasn't", "was", "isn't", "is", "not"]}},
         {"OP": "{0,2}"}, {_L: {"IN": ["taped", "recorded"]}}],
        [{"LOWER": {"IN": NEG}}, {"OP": "?"}, {"LEMMA": {"IN": ["want", "wanna", "wan", "consent", "agree", "wish",
                                                                "like", "allow", "permit", "give"]}}, {"OP": "{0,5}"},
         {"LEMMA": {"IN": ["record", "recording", "recorded", "tape", "taped", "tap"]}}],
        [{"LOWER": {"IN": NEG}}, {_L: "to", "OP": "?"}, {"LEMMA": {"IN": ["record", "tape"]}}], [{_L: "no"}, {"LEMMA": {"IN": ["record", "recording"]}}],
        [{_L: {"IN": ["rather", "prefer", "preferred"]}}, {"OP": "{0,4}"}, {_L: "not"}, {"OP": "{0,2}"},
         {_L: {"IN": ["recorded", "record", "recording"]}}],
        [{"LEMMA": "withdraw"}, {"OP": "{0,3}"}, {_L: "consent"}, {"OP": "{0,3}"},
         {"LEMMA": {"IN": ["record", "recording"]}}],
        [{"LEMMA": "object"}, {_L: "to"}, {"OP": "{0,2}"}, {"LEMMA": {"IN": ["record", "recording"]}}],
    ],
    "complaint": [
        [{_L: {"IN": ["data", "privacy", "information", "data-protection"]}},
         {_L: {"IN": ["regulator", "watchdog", "commissioner", "commissioners", "authority", "commission"]}}],
        [{"LEMMA": {"IN": ["report", "complain", "complaint", "take", "go", "escalate", "contact", "write", "lodge",
                           "file", "refer", "tell", "reporting", "complaining", "going", "taking"]}}, {"OP": "{0,7}"},
         {"LEMMA": {"IN": ["ico", "regulator", "commissioner", "cnil", "dpc", "ftc", "authority",
                           "commissioners", "watchdog", "dpa", "commission"]}}],
        [{"LEMMA": {"IN": ["report", "complain", "complaint", "take", "go", "escalate", "contact", "write", "lodge",
                           "file", "refer", "tell", "reporting", "complaining", "going", "taking"]}}, {"OP": "{0,7}"},
         {_L: "i"}, {_L: "see"}, {_L: "oh"}],
        [{"LEMMA": {"IN": ["report", "complain", "complaint", "take", "go", "escalate", "contact", "write", "lodge",
                           "file", "refer", "tell", "reporting", "complaining", "going", "taking"]}}, {"OP": "{0,7}"},
         {_L: "i"}, {_L: "c"}, {_L: "o"}],
    ],
}
