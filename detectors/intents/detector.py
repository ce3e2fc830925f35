"""The rights-request detector: Matcher triggers, object rules and vetoes, over customer turns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from detectors.intents.general import (AUTHORITY, OUT_OF_RECORDING, authority, joking, CONSEQUENCE, NOT_BEFORE_CLAUSE, answer_no, HEARSAY, LATER, PAY_AWAY, alternative_vetoed, PERSONAL_DATA, RETRACTED, RHETORICAL, SOMEONE_ELSE, TIME_CLAUSE,
                                      UNSUBSCRIBE_PRODUCT, VOCATIVE, conditional, find_general, subjunctive,
                                      later, unsubscribes_from_product)
from detectors.intents.classifier import IntentClassifier
from detectors.intents.normalise import normalise_turn
from detectors.intents.patterns import OBJECT_SKIP, PHRASES, VERB_OBJECT

MODEL_THRESHOLD = 0.9  # P at which the model's best turn becomes a finding (chosen on heldout10, see the README)
INTENTS = ("access", "erasure", "rectification", "objection", "recording_consent_withdrawal", "complaint")
CUSTOMER_SPEAKERS = {"customer", "caller", "end_user", "enduser", "user", "visitor", "unknown", ""}
# A clause ends at sentence punctuation or a contrast: "no don't delete it, but update my address".
CLAUSE_BREAK = {".", "?", "!", ";", "but", "however", "although", "though", "except", "so", "then", "while"}
# Someone else's request ("my husband wants to opt out", "he wants his details removed"): not this customer's.
THIRD_PARTY = re.compile(r"\b(" + VOCATIVE + r"my (husband|wife|son|daughter|mum|mom|mother|dad|father|partner|friend|"
                         r"brother|sister|"
                         r"kid|child|boyfriend|girlfriend)(?! (says|said|told|suggested|thinks|reckons|recommended))|"
                         r"(he|she) wants|his (data|details|info|account|profile)|"
                         r"her (data|details|info|account|profile)|their (profile|account|photos|page)s?\b|on (his|her) behalf|for (him|her)\b|" + SOMEONE_ELSE + r")")
# A negation reaches its verb unless a new clause starts in between: "it's not okay, I'll report you".
NEGATION_STOP = {"i", "i'm", "im", "i'll", "ill", "we", "and", "so", "then", "because", "cos", ","}
NEGATIONS = {"not", "n't", "never", "no", "dont", "don't", "nt", "without", "nothing"}
# A question about policy, a condition or a wish that is not a request now.
HYPOTHETICAL = {"if", "whether", "unless", "suppose", "supposing", "hypothetically", "normally",
                "usually", "ever", "eventually", "case", "when"}
ACCESS_WORDS = re.compile(r"\b(data|details|information|info|records?|personal|stuff|everything|anything|all|whatever|"
                          r"subject|access|sar|dsar|copy)\b")
JOKE = re.compile(r"\b(lol|lmao|jk|haha+|joking|kidding)\b|😂|🤣")
MISDIRECTED = re.compile(r"\b(sent|posted|delivered|went|addressed|emailed)\b[^.?!]{0,40}\bto (the|a) wrong\b|"
                         r"\b(sent|posted|delivered|emailed)\b[^.?!]{0,40}\bto my old (address|flat|house|email)\b")
# "Remove me from that partner thing": an objection to marketing, not a request to erase.
FROM_MARKETING = re.compile(r"\b(me|my \w+) (off|from) (\w+ ){0,3}(list|partner|marketing|mailing|offers?|newsletters?|"
                            r"emails?|texts?|calls?|scheme|programme)s?\b")
# The request named as a noun: "I hereby request the erasure of all personal data you hold about me".
NOMINAL_ERASURE = {"erasure", "deletion", "removal", "destruction"}
# A request cue: a wish, a question to the agent, please, or a verb of asking for the data.
ASKING = re.compile(r"\b(want|wanna|need|like|wish|request|please|pls|plz|can|could|would|will|send|give|see|show|"
                    r"copy|get|access|provide|entitled|right)\b|(?<!you )\bknow\b")
# "Stop it" / "I'd rather it wasn't" where the recording was just mentioned (by the agent or in the turn).
CONTEXT_WITHDRAWAL = re.compile(r"\b(rather (it|you|this) (wasn.?t|weren.?t|didn.?t|stopped|not)|switch it off|"
                                r"turn it off|stop it|stop that|don.?t consent|not comfortable with (it|that|this)|"
                                r"(don.?t|do not) give (my |you )?(permission|consent)|"
                                r"(i.d|i would) rather not(?=\s*($|[,.!?]|(be|thanks|thank|please|if|really)\b))|can you not)\b")
HABITUAL = re.compile(r"\b(do|does|will|would) (you|they|u|y.?all|ye|youse) (guys )?(ever |normally |usually |actually )?"
                      r"(delete|keep|store|record|hold|remove|erase|wipe|send)")
POLICY = re.compile(CONSEQUENCE + r"\b(how long|how do (i|you)|what happens|is it possible|can i ask how|do i have (a|the) right|"
                    r"am i able to|is there a way|what( i|\x27)s (a|an|the)|what does|mentioned|heard (of|about)|"
                    r"(privacy|data|retention) policy (on|says|is|for)|(your|the) policy (on|says|for)|what is your policy)\b|" + HEARSAY)
ERASE_WORDS = re.compile(r"\b(delete|deleted|deleting|deletion|erase|erased|erasure|remove|removed|removal|wipe|wiped|"
                         r"destroy|purge|purged|"
                         r"scrub|scrubbed|bin|forgotten|get rid|taken off|take (me|it|them|everything) off)\b")
NOT_AN_OBJECTION = re.compile(UNSUBSCRIBE_PRODUCT + r"|unsubscribe\W+no\b|"
                              r"\b(send|sending|post|posting)( me)?( the)? (paper )?(bills?|statements?|invoices?|"
                              r"receipts?|reminders?)\b|\b(been|was|got) (unsubscribed|opted out)\b")
NOT_A_WITHDRAWAL = re.compile(r"\b(don.?t|do not|dont|not) mind\b|\bhappy (to be|being|for you to) record")
WRONG = re.compile(r"\b(wrong|incorrect|misspelt|misspelled|mistyped|spelt wrong|out of date|outdated|typo|not right|"
                   r"my old (one|address|email|number|name)|old ([a-z]+ )?(one|address|email)|no longer (live|use)|"
                   r"isn.?t right|should (be|say|read)|changed|got married|got divorced|maiden name|moved|missing|"
                   r"have me (down|listed) as|(the|my|an|his|her|their) old (one|number|mobile|address|email|name|"
                   r"landline|phone)|(nobody|no one|i don.?t|we don.?t) uses? (it |that |this )?(any ?more|now))\b|"
                   # The record as it stands, told to be fixed: "you've got my name down as pyke", "has my surname as".
                   r"\b(got|have|has|had|shows?|showing|lists?|listing) (me|my (\w+ )?(name|surname|title|email|"
                   r"address|number|initials?|birth|postcode|details)) "
                   r"(down |listed |recorded |spelt |spelled |written )?as\b")
# "moved" with an object that is not a home ("moved gp practices", "moved banks"): not an address change.
MOVED_SOMETHING = (r" (?!(house|home|flat|address|out|in|into|to|over|away|back|across|abroad|recently|last|just|now|and|"
                   r"so|here|there|from|since|on|at|a|the|this|up|down|round|around|again|yesterday|today|two|three|"
                   r"four|five|six|few|couple|several|about|like|literally|only|a)\b)[a-z]+( [a-z]+)?s\b")
# "to" of a purpose, not of a place: "i moved to get away from him" says why, not where.
NOT_PURPOSE = r"(?! (get|be|escape|run|stay|look|keep|start|find|care|help|work|study|live with|save|avoid)\b)"
# A field stated as it should be: "it's mister singh not doctor", "i've moved, 31 station rd now".
STATED = re.compile(r"\b(it.s|i.m|im|i am) (mr|mister|ms|mrs|miss|dr|doctor|mx)\b[^.?!]{0,20}\bnot\b|"
                    r"\bi(.ve| have)? (just )?moved( house)?\b(?! my\b|( over| away| across)? to (another|a different|a new|"
                    r"an?other)\b|" + MOVED_SOMETHING + r")[^?!]{0,40}\b(now|new address|new place|to" + NOT_PURPOSE + r"|still)\b")
# A field as it stands, then as it should be: "spelt Micheal but it's Michael", "says Mr but I'm Ms".
CONTRAST = re.compile(r"\b(spelt|spelled|written|down as|listed as|addressed to|says|mr|mrs|ms|miss|dr|mister|"
                      r"(showing|shows|showing up|shown|appears|comes up|recorded|registered|on file|held) as)\b"
                      r"[^.?!]{0,30}\bbut (it.s|its|it is|it should be|i.m|im|i am)\b")
FIELDS = re.compile(r"\b(address|name|surname|date of birth|birthday|dob|e-?mail|email address|phone number|mobile|"
                    r"nationality|gender|occupation|marital status|citizenship|pronouns|initials|next of kin|"
                    r"postcode|post code|zip|title|spelling|spelt|mr|mrs|ms|miss|credit (file|record|report)|"
                    r"have me (down|listed) as)\b")
# A fix asked for: a question to the agent, please, or an imperative opening the turn.
ASKED_FIX = re.compile(r"\b(can|could|would|will|cud|wud) (you|u|someone|somebody)\b|\bplease\b|\bpls\b|\bplz\b|\bkindly\b|"
                       r"^\W*((ok|okay|so|and|yeah|just|oh) )*(fix|change|update|correct|amend|sort|put)\b")
FIX = re.compile(r"\b(correct\w*|fix\w*|updat\w*|chang\w*|amend\w*|rectif\w*|edit\w*|"
                 r"put (\w+ ){0,3}right|set (\w+ ){0,3}straight|sort\w*|add|new one|swap\w*|replac\w*|instead)\b")
# A fix told as done or tried: "i've already changed it online", "i updated it last week".
PAST_FIX = re.compile(r"\b(i|i.ve|we|we.ve|i have|you|you.ve) (already |just |tried to |did )?(correct|fix|updat|chang|amend)\w*ed\b")
# A fix wished for ("i need my surname changed", "want it updated") or the field said as it should be
# ("should be Johnathan"): the customer asks for the fix in that turn.
WISHED_FIX = re.compile(r"\b(need|needs|want|wanna|like|love)\b[^.?!]{0,40}\b(changed|updated|corrected|fixed|amended|"
                        r"put right|sorted)\b")
CORRECTED_TO = re.compile(r"\b(should|shud|needs to|meant to|supposed to) (be|say|read)\b")
PAST = re.compile(r"\b(last (year|month|week|time)|ago|already|previously|before" + NOT_BEFORE_CLAUSE +
                  r"|back in|in the past|earlier this)\b")
REQUESTED = {"ask", "request", "tell", "want", "submit", "make", "file", "lodge", "send", "fill"}
# A description of the data that asks for nothing by itself: an ask before it in the turn makes it one
# ("could i get copies of my scripts? basically whatever you've got on me").
QUANTIFIED = ("everything", "all", "anything", "whatever")
  # "I asked you to delete it last year" is history


# What the rules veto around a trigger, as the model's turn-level vetoes (it has no trigger): someone
# else's data, a question about policy, a joke, a rhetorical "why don't you just", a request left for
# later or taken back, a negated intention ("i'm not going to complain", "no need to delete it"),
# and a request told as history ("a while back i asked you to stop ... and you did").
MODEL_NEGATED = re.compile(r"\b(not|never) (going|gonna|planning|trying) to\b|\b(don.?t|dont|do not) (want|need) (you |u )?to\b|"
                           r"\bno need to\b|\b(don.?t|dont) (bother|worry)\b")
_WHEN_PAST = r"\b(a while (back|ago)|last (year|month|week|time)|\w+ (days|weeks|months|years) ago|back in|in the past|previously)\b"
_ASKED_THEN = r"\b(i|we) (asked|told|requested|rang|called|wrote|emailed|said)\b"
MODEL_PAST = re.compile(_WHEN_PAST + r"[^.?!]{0,60}" + _ASKED_THEN + "|" + _ASKED_THEN + r"[^.?!]{0,60}" + _WHEN_PAST)
MODEL_VETOES = (THIRD_PARTY, POLICY, JOKE, RHETORICAL, LATER, RETRACTED, MODEL_NEGATED, MODEL_PAST)


@dataclass(frozen=True)
class IntentFinding:
    intent: str
    turn: int
    char_start: int
    char_end: int
    rule: str  # which pattern: "verb:erasure" or "phrase:objection" (for evaluation and review)


class IntentDetector:
    """Built once per process (it holds a spaCy pipeline); `find` is pure."""

    def __init__(self, nlp: Any, model: IntentClassifier | None = None, threshold: float = MODEL_THRESHOLD) -> None:
        """`model`: the statistical model asked for the intents the rules did not find (None: the
        rules alone); it proposes its best customer turn when P >= `threshold`."""
        from spacy.matcher import Matcher

        if model is not None and model.intents != INTENTS:
            raise ValueError(f"the intent model scores {list(model.intents)}, the detector needs {list(INTENTS)}")
        self.model = model
        self.threshold = threshold
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab)
        for intent, patterns in PHRASES.items():
            self.matcher.add(f"phrase:{intent}", patterns)
        for intent, (verbs, _) in VERB_OBJECT.items():
            self.matcher.add(f"verb:{intent}", [[{"LEMMA": {"IN": sorted(verbs)}}], [{"LOWER": {"IN": sorted(verbs)}}]])

    @classmethod
    def from_spacy_model(cls, model: str, intent_model: bool = True) -> IntentDetector:
        """The detector on spaCy pipeline `model`, with the bundled intent model unless `intent_model` is false."""
        from detectors.engine import _load_spacy

        return cls(_load_spacy(model), IntentClassifier.load(intents=INTENTS) if intent_model else None)

    def find(self, turns: Iterable[tuple[str, str]]) -> list[IntentFinding]:
        """Requests made in `turns` ((speaker, text) in conversation order): the first time each intent
        is asked for (a customer who repeats a request has made one request)."""
        turns = list(turns)
        texts = [text.lower() for _, text in turns]
        out: list[IntentFinding] = []
        seen: set[str] = set()
        # Lemmas and tags are all the rules read: the entity recogniser (the analyzer's job) is skipped.
        skip = [name for name in ("ner", "parser", "senter") if name in self.nlp.pipe_names]
        customer = [ti for ti, (speaker, _) in enumerate(turns) if speaker.strip().lower() in CUSTOMER_SPEAKERS]
        normalised = {ti: normalise_turn(texts[ti]) for ti in customer}
        docs = self.nlp.pipe([texts[ti] for ti in customer] + [normalised[ti].text for ti in customer],
                             batch_size=64, disable=skip)
        docs = list(docs)
        pending: IntentFinding | None = None
        for k, ti in enumerate(customer):
            doc, general = docs[k], docs[len(customer) + k]
            # The recording just mentioned: in this turn or the two before, by either side ("do you record
            # these calls" | "yes we do" | "i don't give permission for that, stop it").
            said = " ".join([texts[ti], *texts[max(0, ti - 2):ti]])
            if "recording_consent_withdrawal" not in seen and re.search(r"\brecord", said) and not JOKE.search(texts[ti]):
                hit = CONTEXT_WITHDRAWAL.search(texts[ti])
                span = hit.span() if hit else None
                if hit is None:  # said in dialect or shorthand: "i'd rather ye didnae record this"
                    hit = CONTEXT_WITHDRAWAL.search(normalised[ti].text)
                    span = normalised[ti].source(*hit.span()) if hit else None
                pronoun = hit is not None and hit.group(0).split()[-1] in ("it", "that", "this")
                if span and not (pronoun and _determiner_at(doc, span[1])):
                    seen.add("recording_consent_withdrawal")
                    out.append(IntentFinding("recording_consent_withdrawal", ti, span[0], span[1],
                                             "rule:recording_consent_withdrawal"))
            before = texts[ti - 1] if ti and ti - 1 in normalised else ""  # the customer's own message before
            fix = _rectification(doc, before, previous_agent(turns, texts, ti)) if "rectification" not in seen else None
            if fix is not None:
                seen.add("rectification")
                out.append(IntentFinding("rectification", ti, fix[0], fix[1], "rule:rectification"))
            elif "rectification" not in seen and pending is None:
                pending = _changed_field(texts[ti], ti, customer, normalised)
                if pending is not None:  # a life event told ("i'm back to my old name"), its fix asked later
                    seen.add("rectification")
                    out.append(pending)
            for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
                kind, _, intent = self.nlp.vocab.strings[match_id].partition(":")
                if intent in seen or not self._holds(doc, kind, intent, start, end):
                    continue
                if doc[start].lower_ in NOMINAL_ERASURE and not ASKING.search(doc[:start].text):
                    continue  # "the deletion of my data": asked for only with a request before it
                if _quoted(doc.text, doc[start].idx):
                    continue
                seen.add(intent)
                span = doc[start:end]
                out.append(IntentFinding(intent, ti, span.start_char, span.end_char, f"{kind}:{intent}"))
            accepted = _accepted_offer(texts[ti], previous_agent(turns, texts, ti))
            if accepted is not None and accepted[0] not in seen:
                seen.add(accepted[0])
                out.append(IntentFinding(accepted[0], ti, *accepted[1], "rule:accepted_offer"))
            # What the phrase patterns missed, the general rules (a request form, a verb class, a data object) find.
            previous = texts[ti - 1] if ti and turns[ti - 1][0].strip().lower() == "agent" else ""
            recent = " ".join(texts[max(0, ti - 3):ti])
            context_data = any(re.search(rf"\b{w}s?\b", recent) for w in PERSONAL_DATA - {"copy", "note", "file"})
            for intent, v in find_general(general, bool(re.search(r"\brecord", previous)), context_data):
                if intent in seen:
                    continue
                seen.add(intent)
                token = general[v]
                start_char, end_char = normalised[ti].source(token.idx, token.idx + len(token.text))
                if _quoted(texts[ti], start_char):
                    continue
                out.append(IntentFinding(intent, ti, start_char, end_char, f"general:{intent}"))
        out = [f for f in out if not _taken_back(turns, texts, f.turn) and not (
            f.intent == "objection" and _declines_pitch(texts[f.turn], previous_agent(turns, texts, f.turn)))]
        out = [self._at_the_ask(f, customer, normalised) if f.intent == "rectification" else f for f in out]
        return out + self._proposed(turns, texts, customer, seen, {f.turn for f in out}) if self.model is not None else out

    def _proposed(self, turns: list[tuple[str, str]], texts: list[str], customer: list[int],
                  seen: set[str], ruled: set[int]) -> list[IntentFinding]:
        """The model's findings for the intents the rules did not find: for each, the customer turn it
        scores highest among those the rules found nothing in (a turn they read as one request is not
        re-read as another: "i request the erasure of all personal data you hold about me" asks for
        no copy), if P >= the threshold, none of `MODEL_VETOES` holds in the turn (the model
        reads words, not who asks, whether, or when) and the next message does not take it back."""
        missing = [k for k, intent in enumerate(INTENTS) if intent not in seen]
        if not missing or not customer:
            return []
        assert self.model is not None
        customer = [ti for ti in customer if ti not in ruled]
        if not customer:
            return []
        scores = np.array([self.model.probabilities(texts[ti], previous_agent(turns, texts, ti)) for ti in customer])
        found = []
        for k in missing:
            best = int(np.argmax(scores[:, k]))
            ti = customer[best]
            if (scores[best, k] >= self.threshold and not any(v.search(texts[ti]) for v in MODEL_VETOES)
                    and not _taken_back(turns, texts, ti)
                    and not (INTENTS[k] == "objection" and _declines_pitch(texts[ti], previous_agent(turns, texts, ti)))):
                found.append(IntentFinding(INTENTS[k], ti, 0, len(turns[ti][1]), f"model:{INTENTS[k]}"))
        return found

    @staticmethod
    def _at_the_ask(found: IntentFinding, customer: list[int], normalised: dict[int, Any]) -> IntentFinding:
        """A rectification is asked for where the customer asks for the fix: a report of wrong data
        that asks nothing ("the name on my bills is wrong") is placed at the customer's next turn,
        of the next few, that asks for it ("pls fix it", "can you correct the name"); with none,
        the report is the request."""
        if _asks_fix(normalised[found.turn].text, stated=True):
            return found
        for ti in [c for c in customer if found.turn < c <= found.turn + ASK_WINDOW][:ASK_TURNS]:
            text = normalised[ti].text
            fix = _asks_fix(text)
            if fix is not None and not (THIRD_PARTY.search(text) or POLICY.search(text)):
                start, end = normalised[ti].source(*fix)
                return IntentFinding("rectification", ti, start, end, "rule:rectification")
        return found

    def _holds(self, doc: Any, kind: str, intent: str, start: int, end: int) -> bool:
        lo, hi = _clause(doc, start, end)
        if RETRACTED.search(doc.text[doc[end - 1].idx:]):
            return False
        if kind == "verb":
            end = _object_end(doc, end, hi, VERB_OBJECT[intent][1])
            if end is None:
                return False
        clause = doc[lo:hi]
        text = clause.text
        if kind == "phrase" and any(t.text in (".", "?", "!") for t in doc[start:end]):
            return False  # a phrase across two sentences: "... everything. don't want you holding anything on me"
        inherent = kind == "phrase" and any(t.lower_ in NEGATIONS for t in doc[start:end])
        if not inherent and _negated(doc, lo, start):
            return False
        alternative = next((i + 1 for i in range(start - 1, lo, -1) if doc[i].lower_ == "or"), None)
        if alternative is not None and alternative_vetoed(doc, alternative, start, intent):
            return False  # "i don't want you to cancel anything or remove me off anything"
        if intent == "access" and ERASE_WORDS.search(TIME_CLAUSE.sub(" ", text)):  # "delete everything you hold on me"
            return False
        if intent == "complaint" and not authority(normalise_turn(doc.text).text, doc.text):
            return False  # "the public utility commission", "the FCC": not a regulator of personal data
        if intent == "objection" and OUT_OF_RECORDING.search(text):
            return False  # "i'd like to opt out of the recording": the recording withdrawn, no marketing objected to
        if intent == "erasure" and _from_marketing(doc, start, hi):
            return False  # "remove me from the mailing list" objects; "... AND delete my account" still erases
        if any(t.tag_ == "VBD" and t.lemma_ in ("ask", "request", "tell") for t in doc[lo:start]):
            return False  # "a while back I asked you to stop sending me marketing and you did"
        if _made_before(doc, lo, start):
            return False  # "I sent a subject access request on the 3rd", "I've made a SAR already"
        if kind == "phrase" and intent == "access" and doc[start].lower_ in QUANTIFIED and (
                not ASKING.search(doc[:start].text) or ERASE_WORDS.search(doc[:start].text)):
            return False  # "all the info you've got on me, address": says what; "delete it. and all you have on me"
        if kind == "verb" and doc[start].lemma_ == "know" and start and doc[start - 1].lower_ == "you" and (
                start < 2 or doc[start - 2].lower_ not in ("do", "can", "could", "would", "will")):
            return False  # "you know all the stuff you've got on me": a filler
        if kind == "verb" and intent == "access" and doc[start].tag_ not in ("VB", "VBP"):
            return False
        if kind == "verb" and intent == "access" and _customer_gives(doc, lo, start):
            return False  # "so i can give them to my employer": the customer hands data on, asks for none  # "a debt collector has got my details" says what happened, asks for nothing
        if kind == "phrase" and intent == "access" and not ACCESS_WORDS.search(text):
            return False  # "what card have you got on file for me" asks about one detail, not their data
        if intent != "complaint" and THIRD_PARTY.search(text):
            return False
        if joking(doc.text, doc[start].idx) or RHETORICAL.search(doc.text):
            return False
        if intent == "access" and PAY_AWAY.search(doc[start:hi].text):
            return False  # "send it to my other bank": money moved, not data asked for
        if later(doc, lo, start, hi):
            return False
        if kind == "phrase" and re.search(r"\b(will|would|has|have|had|was|were) (be|been|being)?\s*(deleted|erased|"
                                          r"removed|wiped|destroyed|purged|scrubbed)\b", text):
            return False  # what will be or was done to the data, not a request
        if intent == "objection" and (NOT_AN_OBJECTION.search(text) or unsubscribes_from_product(text)):
            return False
        if intent == "recording_consent_withdrawal" and NOT_A_WITHDRAWAL.search(text):
            return False
        question = hi < len(doc) and doc[hi].text == "?"
        condition = conditional(doc, lo, start, HYPOTHETICAL) or (
            question and any(t.lower_ in HYPOTHETICAL for t in doc[end:hi]))  # "delete it if you can" asks
        habitual = HABITUAL.search(text) and not (  # "what do you hold on me" asks; "do you delete my data" does not
            intent == "access" and re.search(r"\b(on|about) me\b", text))
        if intent != "complaint" and (condition or habitual or POLICY.search(text)):
            return False
        if intent == "complaint" and POLICY.search(text):
            return False
        trigger = doc[start]
        own = next((i for i in range(start - 1, lo - 1, -1) if doc[i].lower_ in ("i", "we")), lo)
        if intent == "complaint" and (trigger.tag_ == "VBD" or (
                (_perfect(doc, lo, start) or any(t.tag_ == "VBD" and t.lemma_ in COMPLAINING for t in doc[own:hi]))
                and not re.search(r"\b(will|ll|going to|gonna|shall|about to)\b", text))):
            return False  # "I nearly went to the information commissioner", "I complained to the ICO in 2019"
        if trigger.morph.get("Tense") == ["Past"] and trigger.lemma_ not in ("record",) and trigger.tag_ == "VBD" and (
                not subjunctive(doc, lo, start)):
            return False  # "i asked you to delete it"; not "i'd rather you deleted it"
        if PAST.search(text) and any(t.lemma_ in REQUESTED and t.tag_ == "VBD" for t in doc[lo:start]):
            return False
        return not (PAST.search(text) and intent != "complaint" and trigger.tag_ in ("VBD", "VBN"))


# The customer's next message takes the request back, before the agent answers: "hi I need to change
# my address" | "no wait sorry the address is fine, I need to change the car".
SELF_CORRECTION = re.compile(r"^\W*((no|oh|sorry|actually|wait|hang on|hold on|my bad|my mistake|oops)\b\W*)+")
FINE_AFTER_ALL = re.compile(r"\b(the|my|that|this) ((\w+ ){0,2}?)(\w+) (is|'s|are) (fine|right|correct|ok|okay|all right)\b|"
                            r"\b(never ?mind|scratch that|ignore (that|my last|me))\b")


# An agent's sales pitch: "we've got an offer at the moment on an extra line, would that help".
PITCH = re.compile(r"\b(an?|this|our|one) (\w+ ){0,3}(offer|deal|upgrade|discount|promotion)\b[^?]{0,80}(\?|\b(would (that|you|it)|"
                   r"shall i|do you want|interested|you could|fancy)\b)")
# Marketing as such, not the one thing pitched: "no more offers", "stop the calls".
MARKETING_AS_SUCH = re.compile(r"\b(offers|deals|marketing|e-?mails|texts|calls|messages|newsletters?|spam|contact|"
                               r"promotions|adverts|ringing|calling|texting|emailing|list)\b")


def _declines_pitch(text: str, agent: str) -> bool:
    """The customer's "no, i don't want (the) offer" answers the pitch the agent just made: it
    declines that one thing and objects to no marketing (as "no more offers, stop calling" does)."""
    return bool(agent and PITCH.search(agent) and not MARKETING_AS_SUCH.search(text))


def _taken_back(turns: list[tuple[str, str]], texts: list[str], ti: int) -> bool:
    """The customer's very next turn (no agent turn between) corrects themselves and takes the
    request in turn `ti` back: it opens with a self-correction ("no wait sorry") and says the
    thing it named is fine after all (or "never mind")."""
    if ti + 1 >= len(texts) or turns[ti + 1][0].strip().lower() not in CUSTOMER_SPEAKERS:
        return False
    nxt = texts[ti + 1]
    fine = FINE_AFTER_ALL.search(nxt)
    if not SELF_CORRECTION.match(nxt) or not SELF_CORRECTION.match(nxt).group(0).strip() or fine is None:
        return False
    named = fine.group(4)
    return named is None or bool(re.search(rf"\b{re.escape(named)}\b", texts[ti]))


def _quoted(text: str, at: int) -> bool:
    """The character at `at` is inside a quotation (a letter or a page read out: 'it says "to request
    deletion of your data call 0800 ..."'): what someone else wrote, not the customer's request."""
    marks = [m.start() for m in re.finditer(r"[\"\u201c\u201d]", text)]
    before = sum(1 for i in marks if i < at)
    return before % 2 == 1 and any(i > at for i in marks)


def _perfect(doc: Any, lo: int, start: int) -> bool:
    """The trigger at `start` is a participle after "have" ("i've already complained to the ico")."""
    return doc[start].tag_ == "VBN" and any(t.lemma_ == "have" for t in doc[max(lo, start - 3):start])


# An agent's offer to act on the customer's data ("would you like me to remove your account and
# personal data as well?"), and what it offers.
OFFER = re.compile(r"\b(would you like (me|us) to|do you want (me|us) to|shall (i|we)|should (i|we)|want me to|"
                   r"(i|we) can (also )?\w+ [^.?!]{0,40}\bif you (like|want|wish)|would you like (a|an|the))\b")
OFFERED = {
    "erasure": re.compile(r"\b(delete|erase|remove|wipe|close)\b[^.?!]{0,30}\b(account|data|details|information|"
                          r"profile|everything|records?)\b"),
    "access": re.compile(r"\b(copy|copies|export|download)\b[^.?!]{0,30}\b(data|information|details|records?|file|"
                         r"everything)\b|\bsubject access\b"),
    "objection": re.compile(r"\b(opt you out|unsubscribe you|(remove|take) you (off|from)|stop (sending|all|the|any))\b"
                            r"[^.?!]{0,30}\b(marketing|offers?|emails?|texts?|lists?|newsletters?|promotions?)\b"),
}
# The customer's answer: yes to the offer (and not to the other choice, "no, just the playlists").
AFFIRMED = re.compile(r"^\W*(yes|yeah|yep|yea|yh|aye|ya|yup|sure|please|pls|ok|okay|go ahead|do it|definitely|"
                      r"absolutely|all of it|the lot|everything)\b")
DECLINED = re.compile(r"\b(no|nah|nope|not|just the|only the|don.?t|leave)\b")


def previous_agent(turns: list[tuple[str, str]], texts: list[str], ti: int) -> str:
    """The agent's turn right before turn `ti`, or ""."""
    return texts[ti - 1] if ti and turns[ti - 1][0].strip().lower() == "agent" else ""


def _accepted_offer(text: str, agent: str) -> tuple[str, tuple[int, int]] | None:
    """(intent, span of the yes) when the customer's turn `text` says yes to the agent's offer just
    before it to act on their data: the yes asks for what was offered."""
    offer = OFFER.search(agent)
    yes = AFFIRMED.search(text)
    if offer is None or yes is None or DECLINED.search(text):
        return None
    offered = agent[offer.start():]
    intent = next((i for i, regex in OFFERED.items() if regex.search(offered)), None)
    return None if intent is None else (intent, yes.span(1))


COMPLAINING = {"go", "report", "complain", "contact", "write", "take", "lodge", "file", "escalate", "refer"}
WANTING = {"want", "wanna", "need", "wish", "like", "ask", "mean", "think", "plan", "intend", "expect",
           "go"}  # "i'm not going to / not gonna report you": an intention denied


# Verbs whose subject is who the data goes from: "send me my data" asks, "i can send it over" offers.
GIVING = {"send", "give", "provide", "email", "show", "share", "forward"}
MODAL_OR_ADVERB = {"can", "could", "will", "'ll", "ll", "would", "'d", "shall", "may", "just", "then", "also", "ca"}


# Verbs that make a request: "I sent / made / submitted / put in a subject access request".
MAKING = {"send", "make", "submit", "file", "lodge", "raise", "put", "email", "post", "write"}
# Before a verb tagged past, what shows it is the base form ("i wanna put in a sar", "to send"): mis-tagged.
BASE_CUES = {"to", "na", "ta", "will", "'ll", "ll", "can", "could", "would", "'d", "want", "wanna", "gonna", "please",
             "pls", "just", "and"}


def _made_before(doc: Any, lo: int, start: int) -> bool:
    """The request phrase at `start` is the object of a past or perfect verb of making it ("I sent
    a subject access request", "I've already put in a SAR"): told as made, not made now."""
    for i in range(start - 1, max(lo, start - 4) - 1, -1):
        t = doc[i]
        if t.lemma_ in MAKING and ((t.tag_ == "VBD" and not (i and doc[i - 1].lower_ in BASE_CUES)) or (
                t.tag_ == "VBN" and any(w.lemma_ == "have" for w in doc[max(lo, i - 3):i]))):
            return True
        if t.pos_ not in ("DET", "ADJ", "ADV", "PRON", "ADP", "NOUN") and t.lower_ not in ("in", "a", "an", "the"):
            return False
    return False


def _customer_gives(doc: Any, lo: int, start: int) -> bool:
    """The trigger at `start` is a verb of giving whose subject is the customer ("i can give them to
    my employer", "we'll send that over"): past modals and adverbs, "i" or "we" stands before it."""
    if doc[start].lemma_ not in GIVING:
        return False
    for i in range(start - 1, lo - 1, -1):
        if doc[i].lower_ in MODAL_OR_ADVERB:
            continue
        return doc[i].lower_ in ("i", "we")
    return False


def _determiner_at(doc: Any, end_char: int) -> bool:
    """The match ending at `end_char` ends with a demonstrative or "it" that a noun follows, so it
    is a determiner ("stop that visit"), not a pronoun for the recording ("stop that")."""
    nxt = next((t for t in doc if t.idx >= end_char), None)
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and nxt.idx - end_char <= 1


def _negated(doc: Any, lo: int, start: int) -> bool:
    """A negation that governs the trigger: right before it ("don't delete it") or on a verb of
    wanting before it ("I don't want you to delete it"); not one in an aside ("I don't even have a
    pet, take me off the list")."""
    for i in range(start - 1, max(lo, start - 6) - 1, -1):
        word = doc[i].lower_
        if word in NEGATION_STOP or answer_no(doc, i):
            return False  # "no just delete my data": an answer, then the request
        if word in NEGATIONS:
            after = [t.lemma_ for t in doc[i + 1 : min(i + 3, start)] if t.lower_ not in ("really", "even", "actually")]
            return start - i <= 2 or bool(after and after[0] in WANTING)
    return False


# How far after a report of wrong data its fix may be asked for: customer turns, and turns in all.
ASK_TURNS, ASK_WINDOW = 3, 8


def _asks_fix(text: str, stated: bool = False) -> tuple[int, int] | None:
    """The span of a fix asked for in `text` (a normalised turn): a request form ("can you", "please",
    an imperative) and a verb of fixing not in the past ("pls fix", "can u correct the name"), or a
    fix wished for; `stated`: a report that says what the field should be asks for it too (later,
    "it should be 24" answers the agent's question)."""
    wished = WISHED_FIX.search(text) or (CORRECTED_TO.search(text) if stated else None)
    if wished:
        return wished.span()
    if not ASKED_FIX.search(text) or PAST_FIX.search(text):
        return None
    fix = next((m for m in FIX.finditer(text) if not m.group(0).endswith("ed")), None)
    return None if fix is None else fix.span()


def _agent_named_field(text: str, agent: str) -> tuple[int, int] | None:
    """A field the agent just read out (`agent`: "the address is showing as ..."), said by the
    customer, who names no field, to be wrong and to be fixed: "that's the old one, it should be
    41 ... can you change it"."""
    if not agent or FIELDS.search(text) or not FIELDS.search(agent) or POLICY.search(text) or THIRD_PARTY.search(text):
        return None
    wrong = next((m for m in WRONG.finditer(text) if not m.group(0).startswith("should")), None)
    if wrong is None or not (CORRECTED_TO.search(text) or _asks_fix(text)):
        return None
    return wrong.span()


def _rectification(doc: Any, before: str = "", agent: str = "") -> tuple[int, int] | None:
    """A personal field said to be wrong or out of date, and (or) asked to be corrected, in one turn:
    "you've got my date of birth wrong", "my address is my old one, can you change it"; or asked to
    be corrected in the turn after the customer's own that said the field was wrong (`before`: a
    chat message split in two, "my email on the account is an old one" | "can you change it")."""
    text = doc.text
    hit = _rectification_text(text) or _agent_named_field(text, agent)
    if hit is not None or not before or not (FIELDS.search(before) and WRONG.search(before)):
        return hit
    if POLICY.search(before + " " + text) or THIRD_PARTY.search(before + " " + text) or not ASKED_FIX.search(text):
        return None
    fix = next((m for m in FIX.finditer(text) if not m.group(0).endswith("ed")), None)
    return None if fix is None else fix.span()


# A fix asked of a field or of what stands for it: "please change it to Claire Ashby", "can you change that".
FIX_OF = re.compile(r"\b(change|update|correct|amend|fix|put)\w* (it|that|this|them|to|(my|the|our) (\w+ )?(name|surname|"
                    r"address|email|number|title|details?|record|account))\b")


def _changed_field(text: str, ti: int, customer: list[int], normalised: dict[int, Any]) -> IntentFinding | None:
    """A personal field told as changed or out of date, with no fix asked in the turn ("my name on
    my account is still my maiden name", "i've just gone through a divorce and i'm back to my old
    name"): the request is made where a later customer turn, of the next few, asks for the fix of
    it ("please change it to Claire Ashby"); with none, the story asks for nothing."""
    wrong = WRONG.search(text)
    if not (FIELDS.search(text) and wrong) or POLICY.search(text) or THIRD_PARTY.search(text) or HABITUAL.search(text):
        return None
    for later_turn in [c for c in customer if ti < c <= ti + ASK_WINDOW][:ASK_TURNS]:
        asked = normalised[later_turn].text
        fix = _asks_fix(asked)
        if fix is not None and FIX_OF.search(asked) and not (THIRD_PARTY.search(asked) or POLICY.search(asked)):
            start, end = normalised[later_turn].source(*fix)
            return IntentFinding("rectification", later_turn, start, end, "rule:rectification")
    return None


# A fix said as a phrase, with the field between: "put the spelling right", "set my record straight".
PUT_RIGHT = re.compile(r"\b(put|set|get) (the|my|it|that|this|them)( \w+){0,2} (right|straight|correct)\b")
# A fix asked for in the passive ("can this be updated", "could it be changed"): a participle, not the past.
PASSIVE_ASK = re.compile(r"\b(can|could|would|will|should|needs? to|please) (\w+ ){0,3}be $")


def _rectification_text(text: str) -> tuple[int, int] | None:
    field = FIELDS.search(text)
    sent = [m.span() for m in MISDIRECTED.finditer(text)]
    if sent and all(any(lo <= f.start() <= hi + 15 for lo, hi in sent) for f in FIELDS.finditer(text)) and not [
            f for f in FIX.finditer(text) if not f.group(0).endswith("ed") and FIELDS.search(text[f.end():f.end() + 30])]:
        return None  # "you sent my bill to my old address ... sort this out": post gone astray, no field to fix
    hit = STATED.search(text) or (CONTRAST.search(text) if field else None)
    if hit and not (POLICY.search(text) or THIRD_PARTY.search(text)):
        return hit.start(), hit.end()
    if field is None or POLICY.search(text) or HABITUAL.search(text) or THIRD_PARTY.search(text):
        return None
    fixes = [m.group(0) for m in FIX.finditer(text)]
    asked = any(PASSIVE_ASK.search(text[:m.start()]) for m in FIX.finditer(text))  # "can this be updated"
    if PAST.search(text) and fixes and all(f.endswith("ed") for f in fixes) and not asked:
        return None  # "even though I updated it online last month": history, not a request
    if WRONG.search(text) and (fixes or re.search(r"\b(wrong|incorrect|misspel\w*|out of date)\b", text)):
        return field.start(), field.end()
    put_right = PUT_RIGHT.search(text)
    if put_right and ASKED_FIX.search(text):
        return put_right.span()  # "could you put the spelling right", "can you set my name straight"
    return None


def _from_marketing(doc: Any, start: int, hi: int) -> bool:
    """Whether the trigger at `start` is "remove me from <a list>" itself, not another erasure verb
    in the same clause ("remove me from your mailing list and delete my account")."""
    hit = FROM_MARKETING.search(doc.text, doc[start].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
    return hit is not None and len(doc.text[doc[start].idx:hit.start()].split()) <= 2


def _clause(doc: Any, start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and doc[lo - 1].lower_ not in CLAUSE_BREAK:
        lo -= 1
    hi = end
    while hi < len(doc) and doc[hi].lower_ not in CLAUSE_BREAK:
        hi += 1
    return lo, hi


PRONOUN_OBJECTS = {"it", "them", "everything", "all", "that", "those"}
DATA_WORDS = re.compile(r"\b(data|details|information|info|records?|file|profile|personal)\b")


def _object_end(doc: Any, end: int, hi: int, heads: set[str]) -> int | None:
    """Where the verb's object ends, if its head (the first word past determiners, pronouns and
    fillers) is one of `heads`; None if the verb is about something else. "...a copy of all the data
    you hold on me and then erase it": a pronoun object stands for the data the turn talks about."""
    if end < len(doc) and doc[end].lower_ in PRONOUN_OBJECTS and "datum" in heads and DATA_WORDS.search(doc.text):
        if end + 1 < len(doc) and doc[end + 1].lower_ in ("'s", "is", "was", "s"):
            return None  # the subject of what follows: "see, that's the thing"
        return end + 1
    for i in range(end, min(hi, end + 8)):
        tok = doc[i]
        if (tok.lemma_ in heads or tok.lower_ in heads) and tok.tag_ not in ("VBN", "VBD"):
            return i + 1  # not a participle: "does this get recorded" asks about the call, not for records
        if tok.lower_ in OBJECT_SKIP or tok.is_punct:
            continue
        return None
    return None
