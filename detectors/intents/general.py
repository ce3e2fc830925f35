"""General request rules: a request form, a verb of the intent's class and a personal-data object.

The phrase patterns (patterns.py) know how requests were said in the corpora they were written
from; these rules know how a request is built, so they also find the ones said another way. In
one clause of a customer's (normalised) turn:

- a verb whose lemma is in the intent's class (`VERBS`: delete/erase/wipe/get rid of for erasure,
  send/give/see/copy for access, ...),
- said as a request: an imperative ("delete my data"), after a wish or a question to the agent
  ("I want / need / would like / can you / please"), or a wish about the data ("I want my
  details removed"); for a complaint, the customer's own intention ("I'll report you", "I'm going
  to the ICO"),
- about personal data: the first noun after the verb (past determiners and fillers) is in the
  intent's object class (`OBJECTS`); a noun of another kind (order, bill, tariff, direct debit)
  first means the verb is about that, not about the customer's data (`NOT_DATA`),
- and not vetoed: a negation governing the verb, a condition or a question about policy, the
  past, someone else's data, a joke.
"""

from __future__ import annotations

import re
from typing import Any

# Verb classes (lemmas). "get rid of", "take off", "opt out", "turn off" are read as two words.
VERBS: dict[str, set[str]] = {
    "erasure": {"delete", "erase", "remove", "wipe", "destroy", "purge", "scrub", "forget", "clear", "bin", "del",
                "shred", "rid", "nuke", "trash", "scrap", "zap", "ditch", "gone", "take"},
    "access": {"send", "give", "see", "copy", "access", "view", "download", "obtain", "receive", "email",
               "provide", "show", "request", "know", "get", "have", "want", "need", "like", "share"},
    "rectification": {"correct", "fix", "update", "change", "amend", "rectify", "edit", "alter", "spell", "swap", "replace"},
    "objection": {"stop", "quit", "cease", "unsubscribe", "opt", "block"},
    "recording_consent_withdrawal": {"stop", "pause", "end", "cut", "turn", "switch", "shut", "withdraw", "revoke",
                                     "retract"},
    "complaint": {"report", "complain", "go", "take", "escalate", "contact", "write", "lodge", "file", "refer",
                  "tell", "raise", "hear", "be"},
}
# Object classes: the head noun (lemma or word) of what the verb is about.
PERSONAL_DATA = {"datum", "data", "detail", "information", "info", "record", "profile", "file", "history", "stuff",
                 "everything", "trace", "photo", "recording", "note", "copy", "footage", "video", "cctv", "transcript",
                 *("passport", "licence", "license", "scan", "payslip", "selfie", "document", "cv", "resume")}  # papers handed over
FIELDS = {"address", "name", "surname", "birth", "dob", "birthday", "email", "spelling", "postcode", "title",
          "phone", "number", "mobile", "contact", "detail", "record", "information", "datum", "data", "initial",
          "gender", "nationality", "employer", "landline", "occupation", "citizenship", "pronoun", "sex"}
MARKETING = {"marketing", "email", "text", "call", "message", "newsletter", "offer", "promotion", "promo", "spam",
             "mail", "letter", "catalogue", "advert", "advertising", "junk", "sale", "sales", "contact", "leaflet",
             "brochure", "deal", "list", "mailing", "sharing", "selling", "profiling", "tracking", "sms",
             "promotional", "whatsapp", "notification", "advertiser", "partner", "scheme", "survey"}
OBJECTS: dict[str, set[str]] = {
    "erasure": PERSONAL_DATA | {"account", "me", "myself"},
    "access": PERSONAL_DATA - {"recording", "photo", "note"},
    "rectification": FIELDS,
    "objection": MARKETING | {"me", "us"},
}
# Contact details that are personal data when they are the customer's own: "delete my number".
OWN_CONTACT = frozenset({"number", "email", "phone", "mobile", "landline"})
# A noun first after the verb that says it is about something else than the customer's data.
NOT_DATA = {"order", "basket", "plan", "tariff", "subscription", "debit", "delivery", "slot", "payment", "charge",
            "fee", "bill", "statement", "invoice", "receipt", "meter", "reading", "card", "package", "item", "parcel",
            "booking", "appointment", "password", "pin", "refund", "quote", "contract", "transaction", "balance",
            "product", "broadband", "bundle", "box", "router", "engineer", "renewal", "membership", "direct",
            "duplicate", "cover", "bank", "date", "time", "day", "code", "link", "form", "cheque", "price", "sim",
            "phone", "handset", "device", "app", "login", "username", "channel", "tv", "sport", "car", "vehicle",
            "policy", "claim", "loan", "mortgage", "premium", "excess", "usage", "supply", "service", "complaint",
            "reference", "number", "alert", "charges"}
# Regulators of personal data ("the information commissioner", "the ico", "the data protection people").
AUTHORITY = re.compile(r"\b(ico|information commissioner\w*|(data|privacy|information|protection|supervisory|data "
                       r"protection) (regulator|watchdog|commission\w*|authority|authorities|people|board|office|"
                       r"ombudsman|police|agency)|supervisory authority|cnil|dpc|dpa|oaic|cppa|aepd|garante|edpb)\b")
# A consumer regulator ("the ftc", "trading standards") hears a data-protection complaint when the turn
# names the data matter: "filing a complaint with the ftc about the ad sharing"; not "... about this billing".
CONSUMER_REGULATOR = re.compile(r"\b(ftc|federal trade commission|trading standards|consumer (protection|affairs) "
                                r"(agency|bureau|commission|department|office|regulator))\b")
PRIVACY_MATTER = re.compile(r"\b(privacy|personal (data|information|details)|my (data|information|details|info)|"
                            r"data (sharing|breach|protection)|sharing|shared my|sold my|selling my|tracking|profiling|"
                            r"gdpr|ccpa)\b")


def authority(text: str, turn: str) -> re.Match[str] | None:
    """A regulator of personal data named in `text` (`AUTHORITY`), or a consumer regulator where the
    turn (`turn`) names a data matter."""
    return AUTHORITY.search(text) or (CONSUMER_REGULATOR.search(text) if PRIVACY_MATTER.search(turn) else None)


# What stands between a request form and its verb, or opens an imperative.
DISCOURSE = {"so", "right", "ok", "okay", "yeah", "yes", "yep", "well", "and", "also", "just", "now", "then", "oh",
             "hi", "hello", "hey", "hiya", "morning", "afternoon", "look", "listen", "basically", "actually",
             "honestly", "please", "can", "could", "would", "will", "you", "kindly", "simply", "fine", "great",
             "thanks", "cheers", "lovely", "good", "anyway", "second", "first", "finally", "mate", "love", "sir",
             "seriously", "all", "straight", "away", "immediately", "quickly", "asap", "completely", "properly",
             "really", "totally", "urgently", "permanently", "fully", "lastly"}
WISH = {"want", "need", "like", "wish", "love", "prefer", "request", "demand", "insist", "expect", "ask", "asking"}
MODAL_QUESTION = re.compile(r"\b(can|could|would|will|wud|cud) (you|u|somebody|someone|ya)\b|\bplease\b|\bpls\b|"
                            r"\b(you|u) (need|have|must|should) to\b|\b(you|u) (must|should)\b|\blet me\b|\bi.d like\b|"
                            r"\b(is it|would it be) possible\b|\bi( a|\x27)m (asking|requesting|demanding)\b|"
                            r"\b(tell|ask|get|make) (them|him|her|someone|somebody|your \w+|the \w+) (to )?\b|"
                            r"\bkindly\b|\b(can|could|may) (i|we) (please )?(\w+ )?(have|get|opt|see)\b")
COMPLAINT_INTENT = re.compile(r"\b(i.ll|i will|i shall|i.m going|i am going|going to|i.m gonna|i.m \w+ing|i.m (reporting|"
                              r"complaining|contacting|writing|taking|lodging|filing|telling|escalating|raising|"
                              r"on)|i am (reporting|complaining|contacting|writing|taking|lodging|filing)|"
                              r"will be|will hear|(want|need|like|intend|plan) to|i.d|i would|about to|next stop)\b")
NEGATIONS = {"not", "n't", "never", "no", "without", "nothing", "nobody"}
HYPOTHETICAL = {"if", "whether", "unless", "suppose", "supposing", "hypothetically", "normally", "usually", "ever",
                "eventually", "case", "when", "once"}
# "before" that opens what comes next ("before we start", "before owt else") is no past: "i asked before" is.
NOT_BEFORE_CLAUSE = r"(?! (you|u|ye|yous|we|i|they|anything|owt|aught|else|going|starting|doing|getting|we)\b)"
PAST_CUES = re.compile(r"\b(last (year|month|week|time)|ago|already|previously|back in|in the past|earlier|before"
                       + NOT_BEFORE_CLAUSE + r")\b")
# A right heard of and asked about, not used: "my mate says you can make them delete it, is that a thing".
HEARSAY = (r"\b(says|said|reckons|told me|heard|read) (that )?(you|u|companies|firms|they|businesses) (can|could|have to|"
           r"must|are able)\b|\bis (that|this|it) (actually |really |even )?(a thing|true|legit|real)\b|"
           r"\b(told|tells|advised|said to) me (that )?(i|we) (should|could|can|need to|have to|must|ought to)\b")
# A question about what follows from something else: "does that mean u delete all my stuff or".
CONSEQUENCE = r"\b(does|would|will|do|did) (that|this|it|cancelling|closing) (\w+ )?mean (that )?(you|u|ye|they)\b|"
POLICY = re.compile(CONSEQUENCE + r"\b(how long|how do (i|you)|how does|how would|what happens|do i have (a|the) right|"
                    r"am i able to|is there a way|what( i|\x27)s (a|an|the)|what does|mentioned|heard (of|about)|"
                    r"(?<!the )(?<!my )(?<!this )policy (on|says|is|for)|the policy (on|says|for)|what is your policy|do you (ever|normally|usually|always)|"
                    r"would you (normally|usually))\b|" + HEARSAY)
# Someone not named, as whose the data is: "an account for someone else", "another person's details";
# not who it goes to ("i don't want it shared with anyone else").
SOMEONE_ELSE = (r"\bfor (some(one|body) else|another (person|customer|member))\b|"
                r"\b(some(one|body) else|another (person|customer|member)|other people).?s\b")
# A kin word said to the agent after thanks or a greeting ("thank you my brother") is not a third party.
VOCATIVE = r"(?<!thank you )(?<!thanks )(?<!cheers )(?<!hello )(?<!hiya )(?<!hi )(?<!ta )"
THIRD_PARTY = re.compile(r"\b(" + VOCATIVE + r"my (husband|wife|son|daughter|mum|mom|mother|dad|father|partner|friend|"
                         r"brother|sister|"
                         r"kid|child|boyfriend|girlfriend|nan|gran|grandma|grandad|neighbour|tenant|flatmate|"
                         r"colleague|boss|client)'?s?(?! (says|said|told|suggested|thinks|reckons|recommended))|"
                         r"(he|she|they) (wants?|would like|needs?)|his (data|details|"
                         r"information|account|profile)|her (data|details|information|account|profile)|"
                         # Someone else's profile or page: "please delete their profile" (an impersonator's).
                         r"their (profile|account|photos|page)s?\b|on (his|her|their) behalf|"
                         r"for (him|her)\b|" + SOMEONE_ELSE + r")")
JOKE = re.compile(r"\b(lol|lmao|jk|haha+|joking|kidding)\b|😂|🤣")
# Laughter marks the sentence it is in ("lol no. ... pls take me off ur lists" asks; "just delete me from
# existence at this point lol" does not), and so does laughter right after it ("would i have to go to the
# ICO to get this done? lol"); saying it is a joke ("jk", "only kidding") takes back the turn.
LAUGHTER = re.compile(r"\b(lol|lmao|haha+)\b|😂|🤣")
SAID_IN_JEST = re.compile(r"\b(jk|joking|kidding)\b")


def joking(text: str, at: int) -> bool:
    """The request at `at` in `text` is said in jest: the turn says it is a joke, or its sentence laughs."""
    if SAID_IN_JEST.search(text):
        return True
    lo = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    hi = min((k for k in (text.find(c, at) for c in ".!?\n") if k >= 0), default=len(text))
    return bool(LAUGHTER.search(text[lo:hi]) or LAUGHTER.match(text[hi:].lstrip(" .!?\n")))
# The request taken back after it is made: "... but i can't be bothered", "actually never mind".
# Said of something else ("never mind the refund, just delete it"), it is no retraction: it ends the turn.
RETRACTED = re.compile(r"\b(can.?t|cannae|cant|couldn.?t) be (arsed|bothered|fussed)\b|"
                       r"\b(never ?mind|scratch that|forget (it|that|i said|i asked)|don.?t worry about it)"
                       r"( (then|actually|lol|haha|mate|love))?\s*([.!?,]|$)")
RHETORICAL = re.compile(r"\bwhy (don.?t|dont|not) (you|u) just\b")
LATER = re.compile(r"\b(if|when|once|whenever) i (ever )?(want|wish|decide|choose|change my mind|feel like)\b|"
                   r"\b(can|could|may) i\b[^.?!]{0,40}\b(later( on)?|in (the )?future|down the line)\b")
NEW_SUBJECT = {"i", "i'll", "i'm", "im", "ill", "we", "we'll"}
CONDITION_WORDS = {"if", "when", "whenever", "once", "unless"}


def later(doc: Any, lo: int, v: int, hi: int) -> bool:
    """The request at `v` is left for later ("can i opt out later if i want"): `LATER` in its clause,
    up to a new sub-clause of the customer's own after it ("stop calling me | i'll order online if i
    want some" is about ordering)."""
    cut = next((i for i in range(v + 1, hi) if doc[i].lower_ in NEW_SUBJECT and doc[i - 1].lower_ not in
                CONDITION_WORDS), hi)
    return bool(LATER.search(doc[lo:cut].text))


# Money sent somewhere (a transfer or refund), not personal data sent to the customer.
PAY_AWAY = re.compile(r"\bto (my |the |an? |another )?(other |new |different |old )?(bank|account|card|building society|"
                      r"sort code|paypal)\b")
# Who a preference is about: "i'd rather YOU deleted it" (a past form that asks for now).
PREFERRED_AGENT = {"you", "u", "ye", "yous", "they", "someone", "somebody"}
# A condition on the agent's ability or goodwill is politeness, not a condition: "i'd be grateful
# if you could remove it", "stop recording if you don't mind"; "if you delete it" is a condition.
POLITE_IF = re.compile(r"\bif (you|u|ye|yous) (could|would|can|will|don.?t mind|do not mind|wouldn.?t mind)\b")
# What the customer's data is called when it is not named: "what you've got on me", "everything you hold".
DESCRIBED_DATA = re.compile(r"\b(what|everything|anything|all|whatever)\b[^.?!]{0,30}\b(have|hold|held|got|keep|"
                            r"kept|store|stored)\b[^.?!]{0,15}\b(on|about) me\b")


def subjunctive(doc: Any, lo: int, v: int) -> bool:
    """The verb at `v` is the past form a preference takes ("i'd rather you got rid of it"), not
    the past: "rather" and the agent it is about stand before it in the clause."""
    return any(doc[i].lower_ == "rather" and doc[i + 1].lower_ in PREFERRED_AGENT for i in range(lo, v - 1))


# A time clause with its own subject ("before you delete it", "until they send it") is not a request:
# what is asked for is in the main clause ("before you delete anything send me a copy").
TEMPORAL = {"before", "after", "until", "till", "til"}
SUBJECT_PRONOUNS = {"i", "you", "u", "we", "they", "ye", "yous", "he", "she", "it", "someone", "anyone"}
RESTART = {"and", ",", "but", "so"}


def _governs(doc: Any, c: int, v: int) -> bool:
    """The condition word at `c` still governs the verb at `v`: no new sub-clause with its own
    subject ("when i was twelve | and i just want it gone") starts between them, and it is not a
    time in the past ("when i was twelve", "once we were married")."""
    if doc[c].lower_ in ("when", "once") and any(w.tag_ == "VBD" for w in doc[c + 1:min(v, c + 3)]):
        return False
    # The condition's clause ends where a "please" opens the request it is on: "when you call please
    # don't record it", "if i close my account please delete my data" ask (for then).
    ask = next((j for j in range(c + 2, v) if doc[j].lower_ in ("please", "pls", "plz")), None)
    if ask is not None and any(w.pos_ in ("VERB", "AUX") for w in doc[c + 1:ask]):
        return False
    return not any(doc[j].lower_ in RESTART and doc[j + 1].lower_ in SUBJECT_PRONOUNS for j in range(c + 1, v - 1))


def conditional(doc: Any, lo: int, v: int, hypothetical: set[str]) -> bool:
    """A condition word before the verb at `v` in the clause, other than a polite one ("if you could"),
    or a time clause the verb is in ("before you delete it")."""
    polite = {m.start() for m in POLITE_IF.finditer(doc.text)}
    if any(t.lower_ in TEMPORAL and t.i + 1 < v and doc[t.i + 1].lower_ in SUBJECT_PRONOUNS and
           not any(w.pos_ in ("VERB", "AUX") or w.lower_ in ("please", "pls", "then") for w in doc[t.i + 2:v])
           for t in doc[lo:v]):
        return True  # the time clause's own verb: "before you delete it"; not "before i go, can you send it"
    return any(t.lower_ in hypothetical and not (t.lower_ == "if" and t.idx in polite) and _governs(doc, t.i, v)
               for t in doc[lo:v])


# What the temporal clause says will be done is not what is asked: "before you delete anything, send me ...".
TIME_CLAUSE = re.compile(r"\b(before|after|until|till|til) (you|u|ye|yous|they|we|someone) (\w+ ){0,2}?"
                         r"(delete|erase|remove|wipe|purge|scrub|destroy|get rid of)\w*( (it|them|anything|everything|"
                         r"my \w+|the \w+))?")


def erases(text: str) -> bool:
    """A verb of erasure in `text` outside a time clause: "send me a copy, then delete it" is both
    requests; "before you delete anything send me a copy" asks for the copy."""
    return bool(ERASE.search(TIME_CLAUSE.sub(" ", text)))


CLAUSE_BREAK = {".", "?", "!", ";", "but", "however", "although", "though", "except", "so", "then", "while",
                "because", "cos", "cause", "otherwise", "or"}
SKIP_POS = {"DET", "PRON", "ADJ", "ADV", "ADP", "PART", "INTJ", "NUM", "CCONJ", "AUX", "SCONJ"}


def _clauses(doc: Any) -> list[tuple[int, int]]:
    out, lo = [], 0
    for i, t in enumerate(doc):
        if t.lower_ in CLAUSE_BREAK:
            if i > lo:
                out.append((lo, i))
            lo = i + 1
    if lo < len(doc):
        out.append((lo, len(doc)))
    return out


def _object(doc: Any, start: int, hi: int, objects: set[str], turn_has_data: bool,
            context_data: bool = True, own: frozenset[str] = frozenset(), fields: bool = False) -> bool | None:
    """Whether the first noun in doc[start:hi] is in `objects` (True), of another kind (False), or
    there is none (None). A pronoun ("delete it") stands for the data the turn talks about before
    it, or, with no noun before it in the turn, for the data the last turns talked about
    (`context_data`): "get rid of it ... someone's been in my account" is not about the account; a
    description of the data ("what you've got on me") stands for it too. A noun in `own` is personal
    data when it is the customer's ("delete my number"), not otherwise ("the reference number").
    A noun that modifies the next ("location history") gives way to it, and a noun of another kind
    joined to a data noun ("my application and my details") gives way to the data, and so does a
    noun of another kind that names which data ("my quote data", "the booking information"). With
    `fields` (a correction), a pronoun stands for data only where the turn names a field before it
    ("wrong size, swap them" is about the goods)."""
    for i in range(start, min(hi, start + 12)):
        t = doc[i]
        if fields and t.lemma_ in objects and t.lower_ not in objects and t.tag_ in ("VBN", "VBD"):
            continue  # a participle of a field's word qualifies the noun after it: "the named driver"
        if t.lower_ in objects or t.lemma_ in objects:
            return True
        if t.lower_ in own and i > 0 and doc[i - 1].lower_ in ("my", "our"):
            return True
        if (t.lower_ in ("it", "them", "that", "all", "everything", "those") or _whole_lot(doc, i)) and turn_has_data:
            antecedent = next((w for w in reversed(doc[:start]) if w.pos_ in ("NOUN", "PROPN")
                               and w.lower_ not in DISCOURSE and not w.is_stop), None)
            if antecedent is None:
                return context_data or t.lower_ not in ("it", "that") or bool(DESCRIBED_DATA.search(doc[:start].text))
            if fields and not any(w.lemma_ in objects or w.lower_ in objects for w in doc[:start]):
                return False  # no field named before the pronoun: "wrong size, swap them" is about goods
            return antecedent.lemma_ in objects or antecedent.lower_ in objects or (
                antecedent.lower_ not in NOT_DATA and antecedent.lemma_ not in NOT_DATA and t.lower_ != "it")
        if (t.lower_ in NOT_DATA or t.lemma_ in NOT_DATA) and not (
                not fields and i + 1 < hi and doc[i + 1].lemma_ in GENERIC_DATA):
            return False
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in DISCOURSE and not t.is_stop:
            if i + 1 < hi and (doc[i + 1].pos_ == "NOUN" or _joined(doc, i + 1, hi)):
                continue  # "location history", "my application and everything"
            return False
    return None


# Data nouns that another noun may qualify: "quote data", "booking information".
GENERIC_DATA = {"datum", "data", "information", "info"}


def _whole_lot(doc: Any, i: int) -> bool:
    """ "the lot", "the whole lot": everything, like "all"."""
    return doc[i].lower_ == "lot" and i > 0 and doc[i - 1].lower_ in ("the", "whole") and (
        i + 1 >= len(doc) or doc[i + 1].lower_ != "of")


def _joined(doc: Any, i: int, hi: int) -> bool:
    """A conjunction at `i` joins another object to the noun before it: "and", "plus", ",", "&"."""
    return doc[i].lower_ in ("and", "plus", "&", ",") and i + 1 < hi and doc[i + 1].pos_ in (
        "DET", "PRON", "NOUN", "ADJ") and doc[i + 1].lower_ not in SUBJECT_PRONOUNS


# What "no" negates when it is not an answer: a noun of wanting or need ("no need to delete it", "no way").
NO_NOUNS = {"need", "way", "wish", "intention", "point", "reason", "longer", "more", "one", "thanks"}


def answer_no(doc: Any, i: int) -> bool:
    """ "no" at `i` is an answer to the agent, not a negation of the verb after it: "no" negates a
    noun ("no need to delete it", "no more emails"), never a verb, so "no just delete my data",
    "no delete it", "no please remove me" ask."""
    if doc[i].lower_ not in ("no", "nah", "nope"):
        return False
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is None or not (nxt.lower_ in NO_NOUNS or nxt.lemma_ in NO_NOUNS or nxt.pos_ in ("NOUN", "ADJ", "NUM")
                               or nxt.tag_ == "VBG")


def _negated(doc: Any, lo: int, v: int) -> bool:
    """A negation governs the verb: right before it ("don't delete it") or on a verb of wanting
    before it ("I don't want you to delete it"); an answer "no" does not (`answer_no`)."""
    for i in range(v - 1, max(lo, v - 6) - 1, -1):
        word = doc[i].lower_
        if word in ("i", "i'm", "i'll", "we", "and", ",") or answer_no(doc, i):
            return False
        if word in NEGATIONS:
            after = [t.lemma_ for t in doc[i + 1: v] if t.lower_ not in ("really", "even", "actually", "just")]
            return v - i <= 2 or bool(after and after[0] in WISH | {"let", "have"})
    return False


def _request_form(doc: Any, lo: int, v: int, clause_text: str) -> bool:
    before = doc[lo:v]
    if MODAL_QUESTION.search(clause_text[: doc[v].idx - doc[lo].idx + len(doc[v].text)] if v >= lo else ""):
        return True
    if any(t.lemma_ in WISH for t in before) or subjunctive(doc, lo, v):
        return True
    # An imperative: the verb opens the clause, or follows a comma after a topic ("my profile and
    # messages, just wipe the lot"), past discourse words, greetings and names.
    comma = max((t.i for t in before if t.text == ","), default=lo - 1)
    return doc[v].tag_ in ("VB", "VBP", "NN") and all(
        t.lower_ in DISCOURSE or t.pos_ in ("PROPN", "INTJ", "PUNCT") for t in doc[comma + 1:v])


def _alternative(doc: Any, lo: int) -> int:
    """Where the clause an "or" clause at `lo` is the alternative of starts ("i don't want you to
    cancel anything | or remove me off anything", "would you keep it | or get rid of it?"): its
    negation, condition or question governs both halves. `lo` itself when no "or" opens it."""
    if lo < 2 or doc[lo - 1].lower_ != "or":
        return lo
    start = lo - 1
    while start > 0 and doc[start - 1].lower_ not in CLAUSE_BREAK:
        start -= 1
    return start


# The first half of an alternative says what the company does: "would you keep it or delete it?".
ASKED_PRACTICE = re.compile(r"\b(do|does|would|will|did) (you|they|u) (\w+ )?(keep|hold|store|retain|delete|remove)\b")


def alternative_vetoed(doc: Any, lo: int, v: int, intent: str) -> bool:
    """The clause at `lo` is the "or" half of an alternative whose first half is negated, a
    condition or a question about practice (`_alternative`)."""
    first = _alternative(doc, lo)
    if first == lo or v - lo > 3 or any(t.text in (",", "-") for t in doc[lo:v]):
        return False  # not a verb coordinated by the "or": "no emails or texts, just delete my data"
    head = doc[first:lo - 1]
    if conditional(doc, first, lo - 1, HYPOTHETICAL - {"ever"}) or ASKED_PRACTICE.search(head.text):
        return True
    own = doc[_subclause(doc, first, lo - 1):lo - 1]  # "... which i didn't do and | i wanna get x or whatever"
    return intent in ("erasure", "access", "rectification") and any(
        t.lower_ in NEGATIONS and t.i + 1 < lo and (doc[t.i + 1].lemma_ in WISH or doc[t.i + 1].tag_ == "VB")
        for t in own)


def _vetoed(doc: Any, lo: int, hi: int, v: int, intent: str) -> bool:
    text = doc[lo:hi].text
    if intent != "complaint" and alternative_vetoed(doc, lo, v, intent):
        return True
    hypothetical = conditional(doc, lo, v, HYPOTHETICAL - {"ever"}) or any(
        t.lower_ == "ever" and doc[t.i - 1].lower_ != "you" for t in doc[lo:v])
    if intent != "complaint" and (hypothetical or POLICY.search(text)):
        return True
    if intent == "complaint" and POLICY.search(text):
        return True
    if intent != "complaint" and THIRD_PARTY.search(text):
        return True
    if intent != "complaint" and (RHETORICAL.search(doc.text) or later(doc, lo, v, hi)):
        return True  # "yeah sure, why don't you just delete me from existence"; "can i opt out later if i want"
    if intent == "access" and PAY_AWAY.search(doc[v:hi].text):
        return True  # "send it to my other bank": money moved, not data asked for
    if intent not in ("objection", "recording_consent_withdrawal") and _negated(doc, lo, v):
        return True
    verb = doc[v]
    past = (verb.tag_ == "VBD" and not _wished_participle(doc, lo, v)) or (
        verb.tag_ == "VBN" and not any(t.lemma_ in WISH | {"have", "get"} for t in doc[lo:v]))
    past = past and not ASKED_PASSIVE.search(doc[lo:v].text)  # "can my nationality be corrected" asks
    past = past and not subjunctive(doc, lo, v)
    if past and intent != "complaint":
        return True
    if PAST_CUES.search(text) and any(t.tag_ == "VBD" for t in doc[lo:v + 1]) and intent != "complaint":
        return True
    return _reported(doc, lo, v)


SUBJECTS = {"i", "you", "u", "we", "they", "he", "she", "ye", "yous"}
# A passive asked for: "can my name be changed", "please could it be deleted", "i need it to be removed".
ASKED_PASSIVE = re.compile(r"\b(can|could|would|will|please|need (it|them|this|that) to|want (it|them|this|that) to)\b"
                           r"[^.?!]{0,25}\bbe$")


def _wished_participle(doc: Any, lo: int, v: int) -> bool:
    """The verb at `v`, tagged past, is the participle of a wish about an object: "i want it all
    deleted" (want + object + participle); not "i want to know why you deleted it"."""
    for w in doc[lo:v]:
        if w.lemma_ in WISH | {"have", "get"} and w.tag_ != "VBD":
            between = doc[w.i + 1:v]
            if between and not any(x.pos_ in ("VERB", "AUX") or x.lower_ in SUBJECTS for x in between):
                return True
    return False


REPORTING = {"ask", "request", "tell", "want", "say", "email", "write", "ring", "call", "phone"}


def _reported(doc: Any, lo: int, v: int) -> bool:
    """A request told as history: "I asked you to stop recording last time", "I'd been removed"; not
    a story in another sub-clause before it ("i emailed my payslips and | i want them destroyed")."""
    own = _subclause(doc, lo, v)
    return any(t.tag_ == "VBD" and t.lemma_ in REPORTING for t in doc[own:v]) or any(
        t.lemma_ == "be" and t.tag_ in ("VBN", "VBD", "VBZ", "VBP") for t in doc[max(lo, v - 2):v]) and (
        doc[v].tag_ in ("VBN", "VBD"))


def _erasure_access_rect(doc: Any, intent: str, lo: int, hi: int, text: str, context_data: bool) -> int | None:
    data_words = set(PERSONAL_DATA) | ({"account"} if intent == "erasure" else set())
    turn_has_data = (context_data and intent == "erasure") or any(
        (t.lemma_ in data_words or t.lower_ in data_words) and t.pos_ == "NOUN" for t in doc) or bool(
        intent == "erasure" and DESCRIBED_DATA.search(doc.text))
    own = OWN_CONTACT if intent == "erasure" else frozenset()
    if intent == "rectification":
        turn_has_data = any(t.lemma_ in FIELDS or t.lower_ in FIELDS | {"mr", "ms", "mrs", "miss", "mister"}
                            for t in doc) or bool(
            re.search(r"\b(wrong|incorrect|misspel\w*|out of date|typo|old one|changed)\b", text))
    for v in range(lo, hi):
        t = doc[v]
        lemma = t.lemma_
        if lemma not in VERBS[intent] and t.lower_ not in VERBS[intent]:
            continue
        if not (t.tag_.startswith("VB") or t.lower_ == "gone") or t.tag_ == "VBG" or (
                v > lo and doc[v - 1].lemma_ in ("stop", "quit", "keep", "cease", "start")):
            continue  # "stop sending me marketing" asks to stop, not to send
        if intent == "erasure" and lemma in ("rid",):
            if not (v >= 2 and doc[v - 1].lemma_ == "get" and v + 1 < hi and doc[v + 1].lower_ == "of"):
                continue
            if _object(doc, v + 2, hi, OBJECTS[intent], turn_has_data, context_data, own) and _request_form(
                    doc, lo, v - 1, text_of(doc, lo, hi)) and not _vetoed(doc, lo, hi, v - 1, intent):
                return v
            continue
        if intent == "erasure" and lemma == "take":  # "take my details off your system", "i want the lot taken off it"
            off = OFF_SYSTEM.match(doc[v + 1:hi].text)
            if off is None:
                continue
            moved = doc[lo:v] if t.tag_ in ("VBN", "VBD") else doc[v + 1:hi]
            if any(w.lemma_ in NOT_DATA or w.lower_ in NOT_DATA for w in moved[:8]):
                continue  # "take the charge off my account"
            wished_off = t.tag_ == "VBN" and any(w.lemma_ in WISH | {"have", "get"} for w in doc[lo:v])
            if (wished_off or _request_form(doc, lo, v, doc[lo:hi].text)) and not _vetoed(doc, lo, hi, v, intent):
                return v
            continue
        if intent == "erasure" and lemma == "forget" and FORGET_ME.match(doc[v + 1:hi].text):
            if _request_form(doc, lo, v, doc[lo:hi].text) and not _vetoed(doc, lo, hi, v, intent):
                return v  # "i'd like you to forget i ever existed", "just forget about me"
            continue
        if lemma == "forget" and v + 1 < hi and doc[v + 1].lower_ in ("it", "that", "about"):
            continue  # "forget it": never mind
        if intent == "erasure" and lemma == "gone" and not re.search(
                r"\b(want|need|like) (it|them|that|everything|all|my \w+)( all)? gone\b", text_of(doc, lo, hi)):
            continue
        if intent == "erasure" and re.match(r"\s*(\w+ ){0,1}(me|my \w+) (off|from) (\w+ ){0,3}(list|partner|marketing|"
                                             r"mailing|offers?|newsletters?|emails?|texts?|calls?|scheme|programme)s?\b",
                                             text_of(doc, v + 1, hi) if v + 1 < hi else ""):
            continue  # "remove me from that partner thing" objects to marketing ("...and delete my account" erases)
        if intent == "access" and lemma == "share" and re.search(r"\bwith (?!me\b|us\b|myself\b)\w+",
                                                                   doc[v + 1:hi].text):
            continue  # "share my details with my accountant": to someone else, not a copy for the customer
        if intent == "access" and lemma in ("get", "have", "want", "need", "like", "request", "know", "see",
                                            "receive", "obtain"):
            # "get / have / want a copy of my data", "know what you hold on me", "see my file"
            rest = doc[v + 1:hi].text
            if lemma == "know" and not re.search(r"\b(what|everything|anything|all)\b.*\b(on|about) me\b|"
                                                 r"\b(what|which) (personal )?(data|information|details)\b", rest):
                continue
            if lemma in ("get", "have", "want", "need", "like", "request", "receive", "obtain") and not (re.search(
                    r"^\s*(a |an |the )?(full |complete |printed |paper |digital )?(copy|copies|printout|record|list|"
                    r"download|export|summary|report)\b[^.?!]{0,30}\b(data|information|details|everything|all|"
                    r"what|whatever|file|records|stuff|" + MEDIA + r")\b", rest) or _recorded_media(rest) or (
                    _copy_of_described(rest, doc[:v].text))):
                continue
            if lemma in ("get", "have", "want", "need", "like", "request", "receive", "obtain"):
                if ERASE.search(rest[:40]) or not re.search(r"\b(me|my|i|i've|mine)\b", doc[lo:hi].text):
                    continue
                if _vetoed(doc, lo, hi, v, intent) or not (_request_form(doc, lo, v, doc[lo:hi].text)
                                                           or lemma in WISH):
                    continue
                return v
        wished = v > lo and doc[v].tag_ in ("VBN", "VBD", "JJ") and any(  # "I want / I'd like to have my details deleted"
            w.lemma_ in WISH | {"have", "get"} and w.tag_ != "VBD" and not any(x.lemma_ == "be" for x in doc[w.i + 1:v])
            for w in doc[lo:v])
        asked_passive = doc[v].tag_ == "VBN" and re.search(  # "can that be fixed", "could my name be changed"
            r"\b(can|could|please)\b[^.?!]{0,20}\bbe$", doc[lo:v].text)
        if asked_passive and turn_has_data and not _vetoed(doc, lo, hi, v, intent):
            if intent != "access":
                return v
        if wished:  # "I want my details deleted": the object stands between the wish and the verb
            wish = max(w.i for w in doc[lo:v] if w.lemma_ in WISH | {"have", "get"} and w.tag_ != "VBD")
            left = doc[wish + 1:v]
            about = any(w.lemma_ in OBJECTS[intent] or w.lower_ in OBJECTS[intent] or (
                w.lower_ in ("it", "them", "everything", "all") and turn_has_data) for w in left)
            if not about or any(w.lower_ in NOT_DATA for w in left):
                continue
        else:
            about = _object(doc, v + 1, hi, OBJECTS[intent] | ({"me", "myself"} if intent == "erasure" else set()),
                            turn_has_data, context_data, own, fields=intent == "rectification")
            if about is None and intent == "access" and re.search(
                    r"\b(what|whatever|everything|anything|all)\b.*\b(on|about) me\b", doc[v + 1:hi].text):
                about = True
            if not about:
                continue
            if intent == "access" and doc[v + 1:hi].text.split()[:1] in (["me"], ["us"]) and not re.search(
                    r"\b(data|information|details|everything|all|file|records?|stuff|what|whatever)\b",
                    doc[v + 1:hi].text) and not _recorded_media(re.sub(r"^\s*(me|us) (a |an )?(copy|copies) of\b", "",
                                                                       doc[v + 1:hi].text)):
                continue  # "send me a copy of my bill"; "send me a copy of the call recording" asks for the recording
            if not _request_form(doc, lo, v, doc[lo:hi].text):
                continue
        if intent == "access" and erases(doc[lo:hi].text):
            continue
        if intent == "access" and not re.search(r"\b(me|my|mine|i)\b|\bon file\b", doc[lo:hi].text):
            continue
        if _vetoed(doc, lo, hi, v, intent):
            continue
        return v
    return None


# A copy of a pronoun for the data named before it ("my records ... could i get a copy of them"), or
# of anything described as held on the customer ("a copy of the notes you hold about me").
COPY_OF_PRONOUN = re.compile(r"^\s*(me |us )?(a |an )?(full |complete )?(copy|copies) of (it|them|those|these|that|this)\b"
                             r"(?! \w+ing)")
COPY_OF_HELD = re.compile(r"^\s*(me |us )?(a |an |the )?(full |complete )?(copy|copies) of\b[^.?!]{0,40}\b(you|u|you.ve|you have) "
                          r"(\w+ )?(hold|have|keep|store|held|kept|stored|got|collected|took|taken)\b[^.?!]{0,12}"
                          r"\b(on|about|from|of) me\b")


NAMED_DATA = re.compile(r"\b(data|details|information|info|records?|files?|history|notes|documents?|scans?|"
                        r"x.?rays?|results|reports?|photos?|recordings?)\b")


def _copy_of_described(rest: str, before: str) -> bool:
    """What follows the verb is a copy of the customer's data said another way: `COPY_OF_HELD`, or
    `COPY_OF_PRONOUN` with the data named before it in the turn (`before`)."""
    return bool(COPY_OF_HELD.match(rest) or (NAMED_DATA.search(before) and COPY_OF_PRONOUN.match(rest)))


# What was recorded of the customer: a call, CCTV, a chat: personal data a customer can ask a copy of.
MEDIA = r"recordings?|footage|cctv|videos?|transcripts?|(chat |call |message )logs?|clips?"
RECORDED_MEDIA = re.compile(r"^\s*((the|a|an|my|any|all|like|of|those|these|that|your|full|whole|original) ){0,4}"
                            r"((call|phone|voice|cctv|video|chat|camera|audio) )?(" + MEDIA + r")\b")
# ...unless what is wanted is done to it: "i want the recording stopped", "the footage deleted".
DONE_TO_IT = re.compile(r"\b(stop\w*|paus\w*|off|end\w*|delet\w*|remov\w*|eras\w*|wip\w*|kept|keep|destroy\w*|"
                        r"turn\w*|switch\w*|made|taken)\b")


def _recorded_media(rest: str) -> bool:
    """What the verb is about is a recording of the customer ("i want the recording of that call",
    "get me the cctv footage"), not something to be done to it ("i want the recording stopped")."""
    m = RECORDED_MEDIA.match(rest)
    return m is not None and not DONE_TO_IT.search(rest[m.end():m.end() + 40])


# The customer as what is to be forgotten: "forget me", "forget about me", "forget i ever existed".
FORGET_ME = re.compile(r"\s*(all )?(about )?(me|us)\b(?! (to|know|tell))|\s*(that )?(i|we) (ever |even |once )?"
                       r"(existed|exist|was (ever )?(a |your )?(customer|member|here)|were (ever )?(customers?|members?)|"
                       r"signed up|joined|had an account)\b")


# Off the company's systems (not off a list, which objects to marketing, nor off a bill).
OFF_SYSTEM = re.compile(r"\s*(\w+ ){0,4}?(off|out of|from) (of )?(your|the|ur|yer|all your|all of your|all the) (\w+ )?"
                        r"(system|systems|records|database|databases|books|files|computers?|servers?)\b")
# Opting out of the recording (or of being recorded) withdraws consent to it; it objects to no marketing.
OUT_OF_RECORDING = re.compile(r"\bopt(s|ed|ing)?( me)? out (of|from) (the |this |that |call |being |having (it |this )?)*"
                              r"record")
ERASE = re.compile(r"\b(delet\w*|erase\w*|erasure|removal|remov\w*|wipe\w*|purg\w*|scrub\w*|destroy\w*|forgot\w*|get rid)\b")
OPT_OUT = re.compile(r"\b(opt(s|ed|ing)? (me )?out|unsubscrib\w*|leave me alone|(take|remove|delete|drop|get|"
                     r"taken|removed) me (off|from) (of )?(your|the|all|any|ur)? ?(\w+ )?(mailing |marketing |contact |"
                     r"call |calling |phone |sales |email |text )?(lists?|newsletters?|mailings?|marketing|"
                     r"promotions?|offers? emails?|texts|emails|calls|messages|mailshots|sms))\b")
CONTENT = re.compile(r"\b(happy (getting|with|to get|receiving|hearing)|i like (hearing|getting|receiving)|"
                     r"keep (sending|them coming)|no,? no|no thanks|no thank you)\b")
# Unsubscribing from a product, not from marketing ("unsubscribe me from the sports package").
UNSUBSCRIBE_PRODUCT = (r"unsubscribe[^.?!]{0,20}\b(package|plan|bundle|channel|tv|sports|subscription|service|"
                       r"membership|contract|box|broadband|magazine|add.?on)")
UNSUBSCRIBE_FROM = re.compile(r"\bunsubscrib\w* (me |us )?(from|to|of) ((the|your|ur|my|our|a|an) )?(?P<what>[\w -]+)")
# Not a product: what a customer unsubscribes from when the pronoun stands for the marketing.
UNSUBSCRIBE_ALL = {"everything", "all", "it", "them", "that", "this", "these", "those", "anything", "any"}


def unsubscribes_from_product(text: str) -> bool:
    """ "Unsubscribe me from X" where X (its first three words) names no marketing: a product or a
    tier ("from premium", "from the sports package"), not the emails or the newsletter."""
    for m in UNSUBSCRIBE_FROM.finditer(text):
        words = m.group("what").split()[:3]
        if words and words[0] not in UNSUBSCRIBE_ALL and not any(
                w in MARKETING or w.rstrip("s") in MARKETING for w in words):
            return True
    return False


NOT_OBJECTION = re.compile(UNSUBSCRIBE_PRODUCT + r"|\b(direct debit|standing order|"
                           r"subscription|payment|order|renewal|membership|delivery|contract)\b")
# Processing a customer can object to: "used for ads", "going to anyone", "target me".
DATA_USE = {"use", "share", "sell", "pass", "give", "go", "target", "profile", "track", "disclose", "process", "hand",
            "send"}
# Contact a customer did not ask for, in the plural ("three calls this week"); "this call" is the one they're on.
UNSOLICITED = {"calls", "texts", "emails", "messages", "letters", "mailings"}
DATA_SHARING = {"share", "sell", "pass", "give", "use", "process", "disclose", "hand"}
CONTACT_VERBS = {"give", "disclose", "send", "call", "text", "email", "contact", "ring", "message", "phone", "spam", "bombard", "bother",
                 "share", "sell", "pass", "market", "use", "process", "target", "track", "profile", "mail", "post"}


def _objection(doc: Any, lo: int, hi: int) -> int | None:
    text = doc[lo:hi].text
    if (NOT_OBJECTION.search(text) or unsubscribes_from_product(text)) and not re.search(
            r"\b(marketing|offers?|promotions?|newsletters?|spam)\b", text):
        return None
    m = OPT_OUT.search(text)
    if m and not POLICY.search(text) and not CONTENT.search(text) and not OUT_OF_RECORDING.search(text):
        v = next(i for i in range(lo, hi) if doc[i].idx >= doc[lo].idx + m.start())
        negated = any(w.lower_ in NEGATIONS for w in doc[max(lo, v - 5):v])
        if not negated and not _vetoed(doc, lo, hi, v, "objection"):
            return v
    for v in range(lo, hi):
        t = doc[v]
        if t.lemma_ in ("stop", "quit", "cease", "block") and _request_form(doc, lo, v, text):
            rest = doc[v + 1:min(hi, v + 6)]
            if rest and rest[0].lower_ in ("it", "them", "this", "that", "these") and (
                    len(rest) < 2 or rest[1].pos_ not in ("NOUN", "PROPN")) and _marketing_before(doc, v) and (
                    not _vetoed(doc, lo, hi, v, "objection")):
                return v  # "i am getting promotional sms daily, kindly stop it"
            if any(w.lemma_ in CONTACT_VERBS or w.lower_ in MARKETING for w in rest) and not any(
                    w.lower_ in ("record", "recording", "recorded") for w in rest) and _about_marketing(doc, v + 1, hi):
                if not _vetoed(doc, lo, hi, v, "objection") and not CONTENT.search(text):
                    return v
        if t.lemma_ in ("stop", "cease") and v - 2 >= lo and doc[v - 1].lower_ in ("it", "them", "this", "that") and (
                doc[v - 2].lemma_ in WISH | {"make", "get"}) and (
                _request_form(doc, lo, v, text) or _request_form(doc, lo, v - 2, text)) and any(
                w.lower_ in UNSOLICITED or w.lower_ in MARKETING - {"list", "call", "contact", "deal"}
                for w in doc[:v]) and not _vetoed(doc, _subclause(doc, lo, v), hi, v, "objection"):
            return v  # "calls from your sales team ... could you make them stop", "i want it stopped"
        if t.lower_ in NEGATIONS and v + 2 < hi and doc[v + 1].lemma_ in UNWANTED and _unwanted_marketing(
                doc, v + 2, hi):
            if not POLICY.search(text) and not any(w.lower_ in HYPOTHETICAL for w in doc[lo:v]) and not _vetoed(
                    doc, _subclause(doc, lo, v), hi, v, "objection"):
                return v  # "i don't want those sales calls again", "i don't want any more of them or the emails"
        if t.lower_ in NEGATIONS and v + 2 < hi and doc[v + 1].lemma_ in WISH and doc[v + 2].lower_ != "to":
            # "i don't want my data used for ads", "i dont want you using my spending to target me"
            window = doc[v + 2:min(hi, v + 10)]
            use = next((w for w in window if w.lemma_ in DATA_USE and w.tag_.startswith("VB")), None)
            mine = [w for w in window if w.lower_ in ("my", "me")]
            if use is not None and mine and not any(w.lemma_ in NOT_DATA or w.lower_ in NOT_DATA or w.lower_ in (
                    "money", "card", "account") for w in window) and not _vetoed(doc, _subclause(doc, lo, v), hi, use.i,
                                                                  "objection"):
                if not POLICY.search(text) and not any(w.lower_ in HYPOTHETICAL for w in doc[lo:v]):
                    return v
        if t.lower_ in NEGATIONS and v + 1 < hi:
            # "don't call me again", "do not share my data", "no more marketing"
            rest = [w for w in doc[v + 1:min(hi, v + 5)] if w.lower_ not in ("want", "you", "to", "ever", "again",
                                                                             "more", "any", "u", "wish", "like")]
            if rest and (rest[0].tag_ in ("VB", "VBP") and rest[0].lemma_ in CONTACT_VERBS or rest[0].lower_ in
                         MARKETING) and _about_marketing(doc, v + 1, hi) and any(
                    w.lower_ in ("me", "my", "us", "our") or w.lower_ in MARKETING for w in doc[v + 1:min(hi, v + 8)]):
                if POLICY.search(text) or any(w.lower_ in HYPOTHETICAL for w in doc[lo:v]):
                    continue
                if rest[0].lemma_ in ("send", "post") and not any(w.lower_ in MARKETING - {"letter", "email", "mail"}
                                                                  for w in doc[v + 1:hi]):
                    continue  # "don't send me paper bills"
                return v
    return None


# Not wanting something is a wish about it ("i don't want those calls"); not needing it is a remark.
UNWANTED = {"want", "wish", "wanna"}
# What stands between "don't want" and what is not wanted: "any more of", "those", "the".
QUANTIFIERS = {"any", "more", "of", "those", "these", "the", "your", "such", "all", "no", "them", "again", "anymore",
               "ur", "ya", "this", "that", "a", "an", "another", "single", "every", "other", "further"}
# Marketing nouns too general to stand alone for an objection: "a call back", "the list", "a deal".
VAGUE_MARKETING = {"list", "call", "contact", "deal", "letter", "mail", "message", "email", "text", "notification"}


def _marketing_before(doc: Any, v: int) -> bool:
    """Marketing (or unsolicited contact, in the plural) is named earlier in the turn, so a pronoun
    after `v` ("stop this", "any more of them") stands for it."""
    return any(w.lemma_ in MARKETING - VAGUE_MARKETING or w.lower_ in MARKETING - VAGUE_MARKETING or
               w.lemma_ in {"promotional", "offer"} or w.lower_ in UNSOLICITED for w in doc[:v])


def _unwanted_marketing(doc: Any, start: int, hi: int) -> bool:
    """What "don't want" is about, past quantifiers and determiners: marketing named ("sales calls",
    "the emails", "any more offers": a plural or a word that is only marketing), or a pronoun for
    marketing named before ("any more of them"); not "a call back" or "paper bills"."""
    for w in doc[start:min(hi, start + 8)]:
        pronoun = w.lower_ in ("them", "those", "these", "it")
        if pronoun and (w.i + 1 >= hi or doc[w.i + 1].pos_ not in ("NOUN", "PROPN")):
            if _marketing_before(doc, start):
                return True
            continue
        if w.lower_ in QUANTIFIERS or w.pos_ in ("DET", "ADV", "ADJ") and w.lemma_ not in MARKETING:
            continue
        if w.lemma_ in MARKETING or w.lower_ in MARKETING:
            head = [x for x in doc[w.i + 1:min(hi, w.i + 3)] if x.pos_ == "NOUN"]
            if any(x.lemma_ in NOT_DATA or x.lower_ in NOT_DATA for x in head) or (
                    w.i + 1 < hi and doc[w.i + 1].lower_ == "back"):
                return False  # "an sms alert service", "a call back"
            return w.lemma_ not in VAGUE_MARKETING or w.tag_ == "NNS" or w.lower_ in UNSOLICITED or any(
                x.lemma_ in MARKETING - VAGUE_MARKETING for x in doc[start:w.i])
        return False
    return False


def _subclause(doc: Any, lo: int, v: int) -> int:
    """Where the customer's own sub-clause before `v` starts: "they said they got my details from
    you and | i want it stopped" (what they said is the story, what they want is the request)."""
    return next((i for i in range(v - 1, lo - 1, -1) if doc[i].lower_ in ("and", ",", "i")), lo)


def _about_marketing(doc: Any, start: int, hi: int) -> bool:
    """Past the contact verb and its pronouns, the first noun is marketing (or there is none): "stop
    calling me", "don't send me offers"; not "stop sending me paper bills"."""
    sharing = any(w.lemma_ in DATA_SHARING for w in doc[start:min(hi, start + 3)])
    for w in doc[start:min(hi, start + 8)]:
        if sharing and (w.lemma_ in FIELDS | PERSONAL_DATA or w.lower_ in FIELDS | PERSONAL_DATA):
            return True  # "stop passing my number on", "don't share my data"
        if w.lemma_ in CONTACT_VERBS or w.pos_ in ("PRON", "DET", "ADJ", "ADV", "PART", "AUX") or w.lower_ in (
                "any", "more", "no"):
            continue
        if w.lower_ in ("about", "with", "again", "anymore", "every", "at"):
            return True
        if w.lower_ in MARKETING or w.lemma_ in MARKETING:
            head = [x for x in doc[w.i + 1:min(hi, w.i + 3)] if x.pos_ == "NOUN"]
            return not any(x.lemma_ in NOT_DATA or x.lower_ in NOT_DATA for x in head)  # "sms alert service"
        if w.pos_ in ("NOUN", "PROPN"):
            return False
    return True


RECORDING = {"record", "recording", "recorded", "recorder", "tape", "taped", "taping", "transcript", "transcripts"}


def _pronoun(doc: Any, i: int, hi: int) -> bool:
    """ "it" / "that" / "this" at `i` stands alone, for something said before ("stop that"), not as
    the determiner of a noun after it ("stop that visit")."""
    return doc[i].lower_ in ("it", "that", "this") and (i + 1 >= hi or doc[i + 1].pos_ not in ("NOUN", "PROPN", "ADJ"))


def _recording(doc: Any, lo: int, hi: int, context_recording: bool) -> int | None:
    text = doc[lo:hi].text
    if re.search(r"(?<!if you )\b(don.?t|do not|not) mind\b|\bhappy (to be|being|for you to)\b|\bthat.s fine\b", text):
        return None
    if POLICY.search(text) or re.search(r"\b(is|are|was) (this|the|it|my) (call )?(being )?record", text):
        return None
    has_rec = any(t.lower_ in RECORDING or t.lemma_ in RECORDING for t in doc[lo:hi])
    for v in range(lo, hi):
        t = doc[v]
        if t.lemma_ in ("stop", "pause", "end", "cut", "turn", "switch", "shut") and (has_rec or context_recording):
            window = doc[v + 1:min(hi, v + 5)]
            off = t.lemma_ in ("stop", "pause", "end", "cut") or any(w.lower_ == "off" for w in window)
            target = any(w.lower_ in RECORDING for w in window) or (
                context_recording and any(_pronoun(doc, w.i, hi) for w in window[:2]))
            if off and target and not any(w.lower_ in HYPOTHETICAL for w in doc[lo:v]) and t.tag_ != "VBD":
                if not _negated(doc, lo, v) and not _reported(doc, lo, v) and not PAST_CUES.search(text):
                    return v
        if t.lemma_ in ("withdraw", "revoke", "retract") and (has_rec or context_recording) and any(
                w.lower_ == "consent" for w in doc[v + 1:min(hi, v + 5)]):
            return v
        if t.lower_ in NEGATIONS and has_rec:
            # "i don't want this recorded", "do not record me", "i don't consent to being recorded"
            rest = doc[v + 1:min(hi, v + 7)]
            wish = any(w.lemma_ in WISH | {"rather"} for w in doc[lo:v])  # "i'd rather it weren't recorded"
            if (v > lo and doc[v - 1].lower_ in ("did", "had")) or any(
                    w.tag_ == "VBD" and not (wish and w.lemma_ == "be") for w in doc[lo:v + 2]):
                continue  # "the agent never told me it was recorded", "i didn't agree to it": history
            if any(w.lower_ in RECORDING for w in rest) and not any(w.lower_ in HYPOTHETICAL for w in doc[lo:v]):
                if any(w.lemma_ in WISH | {"consent", "agree", "record", "tape", "be", "allow", "give", "okay",
                                           "comfortable", "happy"} for w in rest):
                    return v
    return None


COMPLAIN_VERBS = {"report", "complain", "complaint", "go", "take", "escalate", "contact", "write", "lodge", "file",
                  "refer", "tell", "raise", "hear", "on", "ring", "call", "email", "straight", "put", "putting",
                  "make", "submit", "bring"}


def _complaint(doc: Any, lo: int, hi: int) -> int | None:
    text = doc[lo:hi].text
    named = authority(text, doc.text)
    if named is None or POLICY.search(text):
        return None
    before = text[: named.start()]
    verbs = [t for t in doc[lo:hi] if t.idx - doc[lo].idx < named.start() and t.lemma_ in COMPLAIN_VERBS]
    if not verbs and not any(w in text.split() for w in COMPLAIN_VERBS) and "hear" not in text:
        return None  # a verb of complaining by its lemma: "i'm reporting you", "complaining to"
    intention = COMPLAINT_INTENT.search(before)
    if intention is None and not re.search(r"\bwill hear\b", text):
        return None
    if verbs and verbs[-1].tag_ in ("VBD", "VBN") and not re.search(r"\b(will|ll|going to|gonna)\b",
                                                                    doc[max(lo, verbs[-1].i - 3):verbs[-1].i].text):
        return None  # "I complained to the ICO in 2019"
    if re.search(r"\b(not|never|n.t|no) (going to|gonna|be|planning)\b|\bnearly\b|\balmost\b", before):
        return None
    v = next(i for i in range(lo, hi) if doc[i].idx >= doc[lo].idx + named.start())
    return v


def text_of(doc: Any, lo: int, hi: int) -> str:
    return doc[lo:hi].text


def find_general(doc: Any, context_recording: bool, context_data: bool = False) -> list[tuple[str, int]]:
    """(intent, token index of its trigger) for each intent requested in `doc` (a normalised
    customer turn); `context_recording`: the recording was mentioned in the agent's turn before."""
    out: dict[str, int] = {}
    for lo, hi in _clauses(doc):
        text = doc[lo:hi].text
        for intent in ("erasure", "access", "rectification"):
            if intent not in out:
                v = _erasure_access_rect(doc, intent, lo, hi, doc.text, context_data)
                if v is not None:
                    out[intent] = v
        if "objection" not in out and not THIRD_PARTY.search(text):
            v = _objection(doc, lo, hi)
            if v is not None:
                out["objection"] = v
        if "recording_consent_withdrawal" not in out:
            v = _recording(doc, lo, hi, context_recording)
            if v is not None:
                out["recording_consent_withdrawal"] = v
        if "complaint" not in out:
            v = _complaint(doc, lo, hi)
            if v is not None:
                out["complaint"] = v
    return sorted(((i, v) for i, v in out.items() if not RETRACTED.search(doc.text[doc[v].idx:])
                   and not joking(doc.text, doc[v].idx)),
                  key=lambda kv: kv[1])
