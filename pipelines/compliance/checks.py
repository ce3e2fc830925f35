"""Procedure checks of one conversation, from the checklist: each passes, fails or does not apply,
with the turn (and times) that decided it as evidence. Positions only: never the words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from detectors.intents import IntentFinding
from detectors.normalise import normalise
from detectors.recognizers.payment_card import luhn_valid
from pipelines.compliance.checklist import CardReadback, Checklist

AGENT = "agent"
_DIGIT_RUN = re.compile(r"\d(?:[\s.\-–/]?\d)+")


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    start: float | None = None  # seconds (calls) or from the chat's start
    end: float | None = None


@dataclass(frozen=True)
class CheckResult:
    check: str
    outcome: str  # pass | fail | na
    turn: int | None = None  # the turn that decided it (evidence)


def _agent(t: Turn) -> bool:
    return t.speaker.strip().lower() == AGENT


def _any(regexes: list[re.Pattern[str]], text: str) -> bool:
    """Whether any pattern matches `text` as written or with spoken numbers normalised ("sixty two
    pounds" -> "62 pounds")."""
    norm = normalise(text).text
    return any(r.search(text) or r.search(norm) for r in regexes)


def recording_disclosure(cl: Checklist, channel: str, turns: list[Turn]) -> CheckResult:
    spec = cl.checks.recording_disclosure
    if channel not in spec.channels:
        return CheckResult("recording_disclosure", "na")
    agent_turns = [i for i, t in enumerate(turns) if _agent(t)][: spec.within_agent_turns]
    hit = next((i for i in agent_turns if _any(spec.regexes, turns[i].text)), None)
    return CheckResult("recording_disclosure", "pass" if hit is not None else "fail",
                       hit if hit is not None else (agent_turns[0] if agent_turns else None))


def _first(regexes: list[re.Pattern[str]], text: str) -> int | None:
    """Where in `text` (spoken numbers normalised) the first of `regexes` matches, or None."""
    norm = normalise(text).text
    hits = [m.start() for r in regexes for m in (r.search(norm),) if m]
    return min(hits) if hits else None


def identity_before_account(cl: Checklist, turns: list[Turn]) -> CheckResult:
    """Fails when the agent discusses the account before asking for or confirming identity. Within
    one turn, order decides: "the postcode and first line of the address on the account" verifies."""
    spec = cl.checks.identity_before_account
    verified = account = None
    for i, t in enumerate(turns):
        if not _agent(t):
            continue
        v, a = _first(spec.verification_regexes, t.text), _disclosure(spec, turns, i)
        if verified is None and v is not None:
            verified = (i, v)
        if a is not None:
            account = (i, a)
            break
    if account is None:
        return CheckResult("identity_before_account", "na")
    ok = verified is not None and verified < account
    return CheckResult("identity_before_account", "pass" if ok else "fail", account[0])


def _said_since_agent(turns: list[Turn], i: int) -> str:
    """What the customer said between the agent's previous turn and turn `i` (digits normalised,
    spaces dropped), so a read-back of it can be told from a disclosure."""
    said = []
    for t in reversed(turns[:i]):
        if _agent(t):
            break
        said.append(normalise(t.text).text)
    return re.sub(r"\s+", "", " ".join(said))


def _words_read_back(found: str, said: str) -> bool:
    """The last two words of what the agent said (an address, "4 elm road") are what the customer
    has just said (`said`, spaces dropped): a read-back to confirm, not a disclosure."""
    words = re.findall(r"[a-z0-9]+", found.lower())[-2:]
    return len(words) == 2 and all(len(w) > 1 or w.isdigit() for w in words) and "".join(words) in said


def _disclosure(spec, turns: list[Turn], i: int) -> int | None:  # noqa: ANN001 - checklist.IdentityBeforeAccount
    """Where in agent turn `i` (spoken numbers normalised) the first account pattern tells the
    customer something: not inside a question or a statement of procedure (`not_disclosing`), and
    not a read-back of digits the customer has just said."""
    norm = normalise(turns[i].text).text
    quiet = [m.span() for r in spec.not_disclosing_regexes for m in r.finditer(norm)]
    said = _said_since_agent(turns, i)
    hits = []
    for r in spec.account_regexes:
        for m in r.finditer(norm):
            digits = re.sub(r"\D", "", m.group(0))
            if any(lo <= m.start() < hi for lo, hi in quiet) or (len(digits) >= 3 and digits in said) or (
                    _words_read_back(m.group(0), said)):
                continue
            hits.append(m.start())
            break
    return min(hits, default=None)


def card_digits(text: str, spec: CardReadback | None = None) -> int:
    """The longest run of digits in `text` (spoken digits normalised, separators allowed) that is a
    payment card number: by its checksum and, with `spec`, by a network's prefix and length, and not
    a number the turn calls something else ("the imei 3520..." is not a card, "card 4111..." is)."""
    norm = normalise(text).text
    best = 0
    for m in _DIGIT_RUN.finditer(norm):
        d = "".join(ch for ch in m.group(0) if ch.isdigit())
        if len(d) < 12 or len(d) <= best:
            continue
        if spec is None:
            if luhn_valid(d):
                best = len(d)
            continue
        if not spec.is_card(d) or _called_other(spec, norm, m.start()):
            continue
        if luhn_valid(d) or _called_card(spec, norm, m.start(), m.end()):
            best = len(d)
    return best


def _called_card(spec: CardReadback, text: str, start: int, end: int) -> bool:
    """The turn says the number at text[start:end] is a card: a card word names it right before it
    (past linking words only: "the card number is 4658 ..."), or what follows it belongs to a card
    ("4658 ... and the expiry")."""
    if spec.card_before is not None:
        named = list(spec.card_before.finditer(text, max(0, start - spec.context_chars), start))
        if named and _LINK.fullmatch(text, named[-1].end(), start) is not None:
            return True
    return spec.card_after is not None and spec.card_after.search(text, end, end + spec.context_chars) is not None


# What may stand between a word that names a number and the number: "the imei is", "serial no:".
_LINK = re.compile(r"[\s:#=\-]*((number|no|num|is|was|of|it.s|its|reads|being|as|the|on|for|ends in|ending|"
                   r"says|shows)\b[\s:#=\-]*){0,4}")


def _called_other(spec: CardReadback, text: str, start: int) -> bool:
    """The word that names the number right before it (within `context_chars`, past linking words
    only) says it is not a card: "the imei 3520...", "tracking number is 4000..."; not "the order
    on 4 april paid with 5555...", where the order is not the number."""
    if spec.labels is None:
        return False
    labels = list(spec.labels.finditer(text, max(0, start - spec.context_chars), start))
    if not labels or labels[-1].group(1) is None:
        return False
    return _LINK.fullmatch(text, labels[-1].end(), start) is not None


def no_full_card_readback(cl: Checklist, turns: list[Turn]) -> CheckResult:
    spec = cl.checks.no_full_card_readback
    hit = next((i for i, t in enumerate(turns) if _agent(t) and card_digits(t.text, spec) >= spec.min_card_digits),
               None)
    return CheckResult("no_full_card_readback", "fail" if hit is not None else "pass", hit)


def data_minimisation(cl: Checklist, queue: str | None, turns: list[Turn]) -> CheckResult:
    spec = cl.checks.data_minimisation
    forbidden = spec.forbidden_for(queue)
    for i, t in enumerate(turns):
        if spec.not_asking_regex is not None and spec.not_asking_regex.search(t.text):
            continue
        if _agent(t) and any(_any(spec.ask_regexes[kind], t.text) for kind in forbidden):
            return CheckResult("data_minimisation", "fail", i)
    return CheckResult("data_minimisation", "pass")


# A refusal; "you don't have to give that" reassures, it does not refuse.
REFUSAL = re.compile(r"\b(can.?t|cannot|unable to|not able to|won.?t|will not|don.?t|do not)\b(?! (have|need) to)"
                     r"[^.?!]{0,12}"
                     r"\b(change|correct|update|amend|delete|remove|erase|stop|pause|switch|turn|do|send|give)\b|"
                     # The customer sent to do it themselves: "you need to log into the portal and update it yourself",
                     # "you can delete your account yourself in the app".
                     r"\byou(.ll| will| would)? ((need|have) to|can|could|may|should)\b[^.?!]{0,60}\b(yourself|your ?self)\b|"
                     # ... or sent to the app or website to do it: "you can delete your account anytime from the app
                     # under profile > settings", "you can reinstall the app and do it from there".
                     r"\byou(.ll| will| would)? ((need|have) to|can|could|may|should)\b[^.?!]{0,50}\b(from|in|on|via|through|"
                     r"under|using) (the|our|your) (app|website|site|web ?site|portal|online account|account settings|settings)\b|"
                     r"\byou(.ll| will| would)? ((need|have) to|can|could|may|should)\b[^.?!]{0,40}\bdo it (from|in|on) (there|the app|the website)\b",
                     re.IGNORECASE)


ROUTE = re.compile(r"\b(web ?chat|live chat|email us|e-mail us|online form|write to us|in writing|by email|"
                   r"(contact|email|e-mail|write to|ring|call) (our|the) (dpo|data protection|privacy)|secure messag\w*|"
                   r"isn.t recorded|not recorded|"
                   r"unrecorded|(book|arrange) (you )?(a|an) (branch|appointment|call ?back))\b", re.IGNORECASE)


MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# A request on the record told as history ("i can see a request was logged in february", "the claim
# was opened on the fifth"): what was done before, not this request taken on.
HISTORY = re.compile(r"[^.?!]{0,40}?\b(request|sar|dsar|case|ticket|complaint|claim)s?\s+(was|were)\s+(logged|raised|"
                     r"opened|submitted|made|created|registered)\b[^.?!]{0,25}?\b(in (" + MONTHS + r")|last (week|month|"
                     r"year|time)|ago|on the \w+|back in|previously)\b", re.IGNORECASE)


def _now(text: str) -> str:
    """`text` without what it tells as the record's history (`HISTORY`)."""
    return HISTORY.sub(" ", text)


def _specific(spec, intent: str, text: str) -> bool:  # noqa: ANN001 - checklist.Acknowledgement
    """One of the intent's own acknowledgements that is not a refusal ("we can't change dates of
    birth"), or a proper route where it refuses ("we can't stop the recording on this line, but you
    can use our web chat")."""
    text = _now(text)
    specific = spec.regexes_for(intent)[len(spec.regexes):]
    own = spec.commitment.regex_for(intent)
    committed = own is not None and _commits_to(own, intent, text)
    return (committed or _any(specific, text)) and (not REFUSAL.search(text) or ROUTE.search(text))


# What each request is called when it is taken on by name.
REQUEST_NAMES = {"erasure": r"erasure|deletion|removal", "access": r"subject access|access request|sar|dsar|copy",
                 "rectification": r"correction|amendment|rectification", "objection": r"objection|opt.?out",
                 "complaint": r"complaint"}


# What is stopped is a payment, not the recording: "i've stopped the card and raised a fraud claim".
STOPPED_OTHER = re.compile(r"\s*(the|your|that|this|any|all) (\w+ )?(card|payment|direct debit|standing order|cheque|"
                           r"check|transfer|transaction|order|subscription|delivery|account|service|charge)s?\b")


def _commits_to(regex: re.Pattern[str], intent: str, text: str) -> bool:
    """A commitment of `intent`'s words in `text` (spoken numbers normalised) that is not about
    another request named right after it: "i've logged your erasure request" takes on the
    erasure, not a complaint, though "logged" is a complaint's word too."""
    others = "|".join(v for k, v in REQUEST_NAMES.items() if k != intent)
    for t in (text, normalise(text).text):
        for m in regex.finditer(t):
            after = re.match(r"[^.?!]{0,30}", t[m.end():]).group(0).lower()
            if intent == "recording_consent_withdrawal" and STOPPED_OTHER.match(after):
                continue
            if not (re.search(rf"\b({others})\b", after) and not re.search(rf"\b({REQUEST_NAMES.get(intent, '$^')})\b",
                                                                            after)):
                return True
    return False


# The customer sent elsewhere to make the request themselves: "you'll need to email the data
# protection office directly", "you can contact them yourself": the team is named, nothing taken on.
DEFLECTED = re.compile(r"\byou(.ll| will| would|.d)? ((need|have) to|can|could|should|must)\b[^.?!]{0,60}"
                       r"\b(directly|yourself|your ?self)\b", re.IGNORECASE)


# A matter of another kind taken on, named by its kind: "i can raise a billing dispute for you",
# "i've stopped the card and raised a fraud claim": no answer to a rights request.
OTHER_MATTER = re.compile(r"\b(raise|raised|raising|log|logged|logging|open|opened|opening|submit|submitted|create|"
                          r"created|put in|put through|file|filed|lodge|lodged)\b( (you|for you))?( a| an| the| your)? "
                          r"(\w+ )?(fraud|billing|bill|payment|refund|delivery|repair|technical|tech|fault|service|"
                          r"chargeback|roaming) (claim|dispute|case|ticket|investigation|query)\b", re.IGNORECASE)


def _general(spec, text: str, alone: bool) -> bool:  # noqa: ANN001 - checklist.Acknowledgement
    """A general acknowledgement (a request logged, the DPO, a deadline): a turn of them answers one
    request. With two requests, a refusal in the same turn is not an answer; a turn that sends the
    customer elsewhere to make it (`DEFLECTED`) answers none."""
    general = spec.regexes + ([spec.commitment.general_regex] if spec.commitment.general_regex else [])
    text = OTHER_MATTER.sub(" ", _now(text))
    return _any(general, text) and (alone or not REFUSAL.search(text)) and not DEFLECTED.search(text)


CONDITION = re.compile(r"\b(if|unless|otherwise|or else)\b", re.IGNORECASE)


def _conditional_complaint(f: IntentFinding, turns: list[Turn]) -> bool:
    """A complaint made on a condition ("if this isn't sorted I'm going to the ICO")."""
    return f.intent == "complaint" and bool(CONDITION.search(turns[f.turn].text))


def request_acknowledged(cl: Checklist, turns: list[Turn], intents: list[IntentFinding]) -> CheckResult:
    """Every request is taken on by a later agent turn: one of its intent's own acknowledgements,
    or a general one ("I've logged that"), which answers the latest request before it that no
    general one has answered yet, open or not ("stop the offers" ... "what do you hold on me?" ...
    "I can log a subject access request" ... "I've logged that" leaves the offers open). One in the
    words of a request a general one already answered answers that one again, not another ("your
    deletion request is logged" leaves the emails the agent refused open)."""
    spec = cl.checks.request_acknowledged
    if not intents:
        return CheckResult("request_acknowledged", "na")
    findings = sorted(intents, key=lambda f: f.turn)
    open_ = [f for f in findings if not any(
        _agent(turns[i]) and _specific(spec, f.intent, turns[i].text) for i in range(f.turn + 1, len(turns)))]
    answered: list[IntentFinding] = []  # by a general acknowledgement, each once
    for i, t in enumerate(turns):
        if not open_ or not _agent(t):
            continue
        before = [f for f in findings if f.turn < i and f not in answered]
        if before and _general(spec, t.text, len(intents) == 1):
            # "I've logged a deletion request" is general and erasure's own: it answers the erasure,
            # not the latest request; a turn of only general words answers the latest. A complaint
            # threatened on a condition ("if it isn't done I'll go to the ICO") is answered by doing it.
            own = [f for f in before if _specific(spec, f.intent, t.text) or _conditional_complaint(f, turns)]
            if not own and any(_specific(spec, f.intent, t.text) for f in findings if f.turn < i and f in answered):
                continue  # "your deletion request is logged" again: the erasure's own words, no answer to another
            own = [f for f in own if f in open_] or own  # "raised your objection ... right to complain": the open one
            latest = max(own or before, key=lambda f: f.turn)
            answered.append(latest)
            if latest in open_:
                open_.remove(latest)
    if open_:
        return CheckResult("request_acknowledged", "fail", open_[0].turn)
    return CheckResult("request_acknowledged", "pass", findings[0].turn)


def run_checks(cl: Checklist, channel: str, queue: str | None, turns: list[Turn],
               intents: list[IntentFinding]) -> list[CheckResult]:
    results = {
        "recording_disclosure": lambda: recording_disclosure(cl, channel, turns),
        "identity_before_account": lambda: identity_before_account(cl, turns),
        "no_full_card_readback": lambda: no_full_card_readback(cl, turns),
        "data_minimisation": lambda: data_minimisation(cl, queue, turns),
        "request_acknowledged": lambda: request_acknowledged(cl, turns, intents),
    }
    return [results[name]() for name in cl.enabled()]
