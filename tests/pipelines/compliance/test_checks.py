"""Each procedure check passes, fails and (where it can) does not apply; the checklist fails closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from callscrub.errors import ConfigError
from detectors.intents import IntentFinding
from pipelines.compliance.checklist import DEFAULT_CHECKLIST, load_checklist
from pipelines.compliance.checks import Turn, run_checks

A, C = "agent", "customer"


@pytest.fixture(scope="module")
def checklist():  # noqa: ANN201
    return load_checklist()


def _outcome(checklist, check: str, turns: list[tuple[str, str]], channel: str = "voice",  # noqa: ANN001
             queue: str = "retail", intents: list[IntentFinding] = ()) -> tuple[str, int | None]:
    results = {r.check: r for r in run_checks(checklist, channel, queue, [Turn(s, t) for s, t in turns], list(intents))}
    return results[check].outcome, results[check].turn


@pytest.mark.parametrize(("turns", "channel", "want"), [
    ([(A, "hello, this call may be recorded for quality and training purposes"), (C, "hi")], "voice", "pass"),
    ([(A, "hello"), (C, "hi"), (A, "just so you know calls are recorded")], "voice", "pass"),
    ([(A, "hello"), (C, "hi"), (A, "how can i help"), (C, "x"), (A, "this call is recorded")], "voice", "fail"),
    ([(A, "hello, how can I help?")], "chat", "na"),
])
def test_recording_disclosure(checklist, turns, channel: str, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "recording_disclosure", turns, channel)[0] == want


@pytest.mark.parametrize(("turns", "want", "turn"), [
    ([(A, "can i take your date of birth"), (C, "4th of may 1980"), (A, "thanks you're verified"),
      (A, "your balance is sixty two pounds")], "pass", 3),
    ([(A, "i can see your last bill was 80 pounds"), (C, "ok"), (A, "can i take your postcode")], "fail", 0),
    ([(A, "hello"), (C, "when do you open"), (A, "we open at nine")], "na", None),
])
def test_identity_before_account(checklist, turns, want: str, turn: int | None) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns) == (want, turn)


@pytest.mark.parametrize(("turns", "want"), [
    ([(C, "it's 4111 1111 1111 1111"), (A, "thanks, the card ending 1111")], "pass"),
    ([(A, "so that's four one one one one one one one one one one one one one one one")], "fail"),
    ([(A, "the card number is 5555-5555-5555-4444 is that right")], "fail"),
    # Each network's prefix and length, Luhn-valid: a card.
    ([(A, "that's 4222222222222")], "fail"),                    # Visa, 13 digits
    ([(A, "that's 4000000000000000006")], "fail"),              # Visa, 19
    ([(A, "that's 2221 0000 0000 0009")], "fail"),              # Mastercard 2221-2720
    ([(A, "that's 3782 822463 10005")], "fail"),                # Amex
    ([(A, "that's 6011 1111 1111 1117")], "fail"),              # Discover
    ([(A, "that's 3530 1113 3330 0000")], "fail"),              # JCB
    ([(A, "that's 30569309025904")], "fail"),                   # Diners
    ([(A, "that's 6200 0000 0000 0005")], "fail"),              # UnionPay
    # Luhn-valid, but no network issues that prefix or length: not a card.
    ([(A, "that's 9000 0000 0000 0001")], "pass"),
    ([(A, "that's 7000000000000005")], "pass"),
    ([(A, "the device is a pixel eight, three five two oh nine nine oh oh one seven six one four eight one")], "pass"),
    ([(A, "that's 370000000000002 is that right")], "fail"),   # Amex prefix, 15 digits
    # A number the turn calls an IMEI, a serial, a tracking or order number is not a card...
    ([(A, "the imei is 370000000000002")], "pass"),
    ([(A, "your tracking number is 4111 1111 1111 1111")], "pass"),
    ([(A, "meter serial no: 4222222222222")], "pass"),
    # ...unless the word names something else than the number, or a card word is nearer.
    ([(A, "i can see the order on 4 april for 89.99 paid with 5555 5555 5555 4444")], "fail"),
    ([(A, "for the order, the card number is 4111 1111 1111 1111")], "fail"),
    # A number that fails the checksum (a digit misheard or misread) is still the card read out when
    # the turn says so: a card word right before it, or the expiry or security code after it...
    ([(A, "just to confirm it's the card number four six five eight two two one zero nine nine one three four four seven one yes")], "fail"),
    ([(A, "that's the visa 4147 0098 3321 5560 correct")], "fail"),
    ([(A, "so that's 4984 0177 2361 5508 and the expiry")], "fail"),
    # ...not without: a 16-digit reference that fails the checksum is not a card.
    ([(A, "so that's 4984 0177 2361 5508 and is there anything else")], "pass"),
    ([(A, "your reference is 4658 2210 9913 4471")], "pass"),
    ([(A, "the tracking number is 4984 0177 2361 5508 and the expiry of the offer is friday")], "pass"),
])
def test_no_full_card_readback(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "no_full_card_readback", turns)[0] == want


@pytest.mark.parametrize(("queue", "text", "want"), [
    ("retail", "can i take your social security number", "fail"),
    ("telecom", "and your national insurance number please", "fail"),
    ("banking", "can i take your national insurance number", "pass"),
    ("retail", "can i take your order number", "pass"),
    ("retail", "we never need your NI number for orders", "pass"),
    # Queues are often named by sub-team: the checklist's "retail*" covers them, any case.
    ("retail_orders", "can i take your social security number", "fail"),
    ("Telecom-Mobile", "and your national insurance number please", "fail"),
    ("energy_billing", "your national insurance number please", "fail"),
    ("insurance_motor", "can i take your national insurance number", "pass"),
    ("", "can i take your social security number", "pass"),
])
def test_data_minimisation(checklist, queue: str, text: str, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "data_minimisation", [(A, text)], queue=queue)[0] == want


def test_request_acknowledged(checklist) -> None:  # noqa: ANN001
    asked = [IntentFinding("erasure", 0, 0, 5, "test")]
    ok = [(C, "delete my data"), (A, "i've raised an erasure request with our data protection team")]
    ignored = [(C, "delete my data"), (A, "have you seen our new offers")]
    assert _outcome(checklist, "request_acknowledged", ok, intents=asked)[0] == "pass"
    assert _outcome(checklist, "request_acknowledged", ignored, intents=asked) == ("fail", 0)
    assert _outcome(checklist, "request_acknowledged", ignored)[0] == "na"
    # An acknowledgement of one request does not cover another.
    two = asked + [IntentFinding("objection", 2, 0, 5, "test")]
    turns = [(C, "delete my data"), (A, "i've raised an erasure request"), (C, "and stop the marketing"),
             (A, "anything else?")]
    assert _outcome(checklist, "request_acknowledged", turns, intents=two) == ("fail", 2)


@pytest.mark.parametrize(("turns", "want"), [
    # A price quoted in a sale is not the customer's account; an amount said to be theirs is.
    ([(A, "lovely that one's ninety nine pounds, how would you like to pay")], "na"),
    ([(A, "you still owe ninety nine pounds on that")], "fail"),
    ([(A, "okay you're on the family plan at forty pounds a month")], "fail"),
    ([(A, "let me look, you're at twelve mill lane is that right")], "fail"),
    # A question about a detail, or what will be done, tells the customer nothing.
    ([(A, "can i take the email address on your account please")], "na"),
    ([(A, "our team will email the address on your account to confirm")], "na"),
    ([(A, "sure, your account is now closed")], "na"),
    # Reading back what the customer just said is not a disclosure.
    ([(C, "its the visa ending one two three four"), (A, "thanks thats the visa ending one two three four")], "na"),
    ([(C, "hi"), (A, "i see the visa ending one two three four on your account")], "fail"),
    # "Recorded for security and training" is a disclosure of recording, not a security check.
    ([(A, "calls are recorded for security and training"), (C, "hi"), (A, "your balance is 40 pounds")], "fail"),
    ([(A, "for security can i have your postcode"), (C, "ab1 2cd"), (A, "your balance is 40 pounds")], "pass"),
    # A personal identifier asked for verifies; a locator alone finds the account but does not.
    ([(A, "can i get your booking reference and your surname"), (C, "wh773k ferreira"),
      (A, "thanks i can see you're flying on the third")], "pass"),
    ([(A, "can you confirm your username and the email"), (C, "grim42"), (A, "i can see three failed attempts")],
     "pass"),
    ([(A, "can i have your order number"), (C, "77123"), (A, "your order's on the way")], "fail"),
    # The account's things told as they stand (each alone, before any verification).
    ([(A, "yeah thirty two pounds fifty going out on the first as usual")], "fail"),
    ([(A, "you're currently on flex at 27.4p/kwh")], "fail"),
    ([(A, "the roaming bolt-on (£2/day) is removed")], "fail"),
    ([(A, "your current limit is five thousand")], "fail"),
    ([(A, "your account got a seven day suspension")], "fail"),
    ([(A, "so on your travel policy you're covered for pre existing conditions")], "fail"),
    ([(A, "i've found the quote record from march 2021")], "fail"),
    ([(A, "found the closed account")], "fail"),
    ([(A, "i've found your record, registered with us since 2009")], "fail"),
    ([(A, "yes the record has march")], "fail"),
    ([(A, "let me look, i can't see a letter logged at all")], "fail"),
    ([(A, "right that's you set up on our standard tariff from today")], "fail"),
    ([(A, "you've used 20gb of your allowance")], "fail"),
    ([(A, "so that's two adults flying to malaga on the fourteenth")], "fail"),
    ([(A, "that's the 07:15 to faro for mr whitfield, seats 14b and 14c")], "fail"),
    ([(A, "that's the oak wardrobe, it's stuck at the depot")], "fail"),
    # Where the record says things went, whose it is, where an item stands (heldout11).
    ([(A, "that order is a laptop bought 3rd oct, delivered to 18 rowan close, leicester")], "fail"),
    ([(A, "you've had letters sent to nineteen carr lane asking for the invoice")], "fail"),
    ([(A, "right so that's a navy suitcase for a mister declan murphy")], "fail"),
    ([(A, "thanks so that's mister danny flynn the rear end collision in february")], "fail"),
    ([(A, "your application for bsc computer science is shortlisted")], "fail"),
    ([(A, "and your interview is on 14 july at 11am")], "fail"),
    ([(A, "thanks mister flynn, how can i help today")], "na"),
    ([(A, "the new card will be sent to the address you give us")], "na"),
    ([(A, "your application can be tracked online")], "na"),
    # ...not a sale paid for now, a form sent, a record found and no more said, a change written back.
    ([(A, "lovely forty five pounds taken and the receipt will come by email")], "na"),
    ([(A, "sure, that's on its way")], "na"),
    ([(A, "thanks i've found your record and lodged the request")], "na"),
    ([(A, "so sorry, i've corrected your title to ms on your account")], "na"),
])
def test_what_discusses_the_account(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns)[0] == want


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace("not_disclosing:", "not_disclosing:\n      - '(unclosed'\n", 1), "not_disclosing"),
    (lambda t: t.replace("version: 1", "version: 1\nsurprise: true"), "surprise"),
    (lambda t: t.replace("within_agent_turns: 2", "within_agent_turns: 0"), "within_agent_turns"),
    (lambda t: t.replace("'\\bssn\\b'", "'(unclosed'"), "asks"),
    (lambda t: t + "\n  : [", "not valid YAML"),
    (lambda t: t.replace("prefixes: ['51-55', ", "prefixes: ['55-51', "), "prefixes"),
    (lambda t: t.replace("prefixes: ['34', '37']", "prefixes: ['3x']"), "prefixes"),
    (lambda t: t.replace("lengths: [13, 16, 19]", "lengths: [13, 16, 25]"), "lengths"),
    (lambda t: t.replace("    networks:\n", "    networks: {}\n    old_networks:\n"), "networks"),
    (lambda t: t.replace("not_card: [imei,", "not_card: ['',"), "not_card"),
    (lambda t: t.replace("context_chars: 40", "context_chars: -1"), "context_chars"),
])
def test_a_bad_checklist_stops_the_run(tmp_path: Path, change, message: str) -> None:  # noqa: ANN001
    bad = tmp_path / "checklist.yaml"
    bad.write_text(change(DEFAULT_CHECKLIST.read_text()))
    with pytest.raises(ConfigError, match=message):
        load_checklist(bad)


def test_a_commitment_in_the_requests_own_words_acknowledges_it() -> None:
    from detectors.intents import IntentFinding
    from pipelines.compliance.checklist import load_checklist
    from pipelines.compliance.checks import request_acknowledged

    cl = load_checklist()
    asked = [Turn("customer", "pls swap my number to the new one")]
    finding = [IntentFinding("rectification", 0, 0, 4, "general:rectification")]
    for text, outcome in [("done sir updated from today", "pass"),
                          ("no worries i've changed your title to mister", "pass"),
                          ("ok anything else?", "fail")]:
        assert request_acknowledged(cl, [*asked, Turn("agent", text)], finding).outcome == outcome, text


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # A general "I've logged that" answers the latest request before it; the earlier one stays open.
    ([(C, "don't give my details to partners"), (A, "okay"), (C, "and what do you hold on me"),
      (A, "i've logged that, the data protection team will reply within one month")],
     [("objection", 0), ("access", 2)], "fail"),
    # Two turns of general acknowledgements answer both.
    ([(C, "send me my data"), (C, "or i'm going to the ico"), (A, "your request is logged"),
      (A, "i've escalated it to our dpo as urgent")],
     [("access", 0), ("complaint", 1)], "pass"),
    # ... even when that latest request was already answered in its own words.
    ([(C, "stop giving my number to partners"), (A, "okay"), (C, "and what do you hold on me"),
      (A, "you can make a subject access request online or i can log one now"), (C, "log it please"),
      (A, "i've logged that")], [("objection", 0), ("access", 2)], "fail"),
    # A request's own acknowledgement answers it wherever it comes.
    ([(C, "stop the offers"), (C, "and what do you hold on me"), (A, "i've logged that request"),
      (A, "i've unsubscribed you from marketing")], [("objection", 0), ("access", 1)], "pass"),
    ([(C, "can you switch the recording off"), (A, "sure one sec okay the recording's paused now")],
     [("recording_consent_withdrawal", 0)], "pass"),
    # "You don't have to give that" reassures; it is not a refusal that voids the acknowledgement.
    ([(C, "no way, i'm reporting you to the ico"), (A, "you don't have to give that, i'll note your complaint")],
     [("complaint", 0)], "pass"),
    # One actor, coordinated actions: "i've turned off X and Y and changed Z".
    ([(C, "stop the offers and it's ms not mrs"),
      (A, "sure i've switched off all the offers and partner emails and corrected your title")],
     [("objection", 0), ("rectification", 0)], "pass"),
    # How the customer can raise another kind of request is not this one logged.
    ([(C, "stop texting me offers"), (A, "done, you're off the list"), (C, "and delete my data after i port"),
      (A, "a porting request can be raised by texting PORT to 1900")], [("objection", 0), ("erasure", 2)], "fail"),
    # A regulator's contact details answer a complaint.
    ([(C, "i'm going to the data protection commission"), (A, "you're free to contact the data protection commission")],
     [("complaint", 0)], "pass"),
    # A general acknowledgement in a turn that answers one request in its own words belongs to it.
    ([(C, "a copy of everything you hold on me please"), (C, "and after that delete it all"),
      (A, "i've logged a subject access request, you'll receive your data within one month")],
     [("access", 0), ("erasure", 1)], "fail"),
    ([(C, "delete my account"), (C, "i'm going to the regulator"),
      (A, "i've put in a deletion request with our privacy team, within thirty days")],
     [("erasure", 0), ("complaint", 1)], "fail"),
    # ...but a complaint made on a condition is answered by doing what it was conditional on.
    ([(C, "send me my data"), (C, "if i don't get answers i'll complain to the ico"),
      (A, "i've raised a subject access request, you'll have everything within one month")],
     [("access", 0), ("complaint", 1)], "pass"),
    # Passing on feedback is not passing on a request; a confirmation by email is not another route.
    ([(C, "i want a copy of my data"), (A, "i'll pass on your feedback to the team!")], [("access", 0)], "fail"),
    ([(C, "i don't consent to being recorded"), (A, "okay that's booked, you'll get a new confirmation by email")],
     [("recording_consent_withdrawal", 0)], "fail"),
    ([(C, "i don't consent to being recorded"), (A, "you can do this by email instead, it isn't recorded")],
     [("recording_consent_withdrawal", 0)], "pass"),
    # A preference set to none, a request named by its type, the customer's route to the regulator.
    ([(C, "no marketing please"), (A, "no problem i've ticked no marketing on the account")], [("objection", 0)],
     "pass"),
    ([(C, "dont share my info"), (A, "i've set your privacy preferences to no partner sharing")], [("objection", 0)],
     "pass"),
    ([(C, "what do you hold on me"), (A, "i'm logging a formal access request for you")], [("access", 0)], "pass"),
    ([(C, "i'm reporting you to the privacy commissioner"), (A, "understood, you can complain to the o a i c")],
     [("complaint", 0)], "pass"),
    ([(C, "i'm going to the ico"), (A, "i understand, that's your right")], [("complaint", 0)], "pass"),
    ([(C, "that note is wrong, fix it"), (A, "i'll flag the note for correction")], [("rectification", 0)], "pass"),
])
def test_a_general_acknowledgement_answers_the_latest_open_request(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [IntentFinding(i, t, 0, 1, "test") for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want


def test_identity_check_needs_account_patterns() -> None:
    """With no account patterns every conversation would be 'na': that is a bad checklist, not a pass."""
    from pydantic import ValidationError

    from pipelines.compliance.checklist import IdentityBeforeAccount

    with pytest.raises(ValidationError, match="account_details"):
        IdentityBeforeAccount(verification=["x"], account_details=[])


@pytest.mark.parametrize(("turns", "want"), [
    # "I see" said to show understanding is not the agent looking at the account; "I see your X" is.
    ([(A, "oh i see, right, can i take your postcode"), (C, "ab1 2cd")], "na"),
    ([(A, "i see your plan is the family bundle"), (C, "ok"), (A, "can i take your postcode")], "fail"),
    # A policy answered in the conditional, and an event named as a point in a procedure.
    ([(A, "we would hold it for five years after the contract ends")], "na"),
    ([(A, "card details are deleted once your final payment clears")], "na"),
    # Dates named by the month, and amounts in small spoken numbers.
    ([(A, "your contents cover renews in february"), (C, "ok"), (A, "can i take your date of birth")], "fail"),
    ([(A, "the breakdown add on is at four pounds a month"), (C, "ok"), (A, "can i take your date of birth")],
     "fail"),
    # Where the account's post goes, read out before security; a company address to write to is not.
    ([(A, "statements are going to jo.bloggs@mailhost.test, is that right"), (C, "no"),
      (A, "can i take your date of birth")], "fail"),
    ([(A, "you can write to privacy@company.test about that")], "na"),
    # A found record described for the caller to confirm it.
    ([(A, "is that the blender ordered on monday"), (C, "yes"), (A, "can i take your postcode")], "fail"),
])
def test_r3_what_discusses_the_account(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns)[0] == want


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # A request on the record told as history is not this request taken on.
    ([(C, "where's my data, i'm reporting you to the ico"), (A, "i can see an access request was raised last month")],
     [("complaint", 0)], "fail"),
    ([(C, "where's my data"), (A, "i can see an access request was raised last month and i've escalated it now")],
     [("access", 0)], "pass"),
    # The action said as it is being done; the clitic "'s" for "is" after the field.
    ([(C, "my surname's misspelt"), (A, "thanks, i'm correcting the spelling now")], [("rectification", 0)], "pass"),
    ([(C, "my surname's misspelt"), (A, "thanks, your surname's fixed")], [("rectification", 0)], "pass"),
    ([(C, "my surname's misspelt"), (A, "i'm sorry about that, is there anything else")], [("rectification", 0)],
     "fail"),
])
def test_r3_acknowledgements(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [IntentFinding(i, t, 0, 1, "test") for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want


@pytest.mark.parametrize(("turns", "want"), [
    # Account disclosures of other kinds: the address found by caller id read out, an item with its
    # number and state, an end date of whatever the caller holds, the latest of anything recorded,
    # what the caller is on or gives, a record found and described.
    ([(A, "i've got your number up, is that forty two station road"), (C, "yes"), (A, "can i take your postcode")],
     "fail"),
    ([(A, "your loan 5521 8830 is now in arrears"), (A, "can i take your date of birth")], "fail"),
    ([(A, "so your two year deal ends on the fifth of june"), (A, "can i take your postcode")], "fail"),
    ([(A, "so your last delivery came on monday"), (A, "can i take your date of birth")], "fail"),
    ([(A, "ok you're on the twenty pound broadband and phone"), (A, "what's your date of birth")], "fail"),
    ([(A, "found you - there's an account with two cards on it"), (A, "can i take your postcode")], "fail"),
    # Verification of other kinds: a national identifier asked for, the account holder confirmed,
    # an address confirmed with a modifier.
    ([(A, "can i take your national insurance number please"), (C, "ab 12 34 56 c"),
      (A, "thanks, you're on the thirty pound plan")], "pass"),
    ([(A, "to confirm you're the account holder can i have your name"), (C, "jo bloggs"),
      (A, "your last bill was forty pounds")], "pass"),
    ([(A, "can i confirm the billing address"), (C, "9 elm close"), (A, "your contract ends in may")], "pass"),
    # A locator alone still verifies nothing; a question about the address is not a disclosure.
    ([(A, "can i take the order number"), (C, "12345"), (A, "your order was dispatched")], "fail"),
    ([(A, "what's the first line of your address"), (C, "4 elm road"), (A, "thanks")], "na"),
])
def test_identity_r5_disclosures_and_verification(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns)[0] == want


def test_recording_disclosure_contracted(checklist) -> None:  # noqa: ANN001
    assert _outcome(checklist, "recording_disclosure", [(A, "hi, the conversation's recorded, how can i help")])[0] == "pass"
    assert _outcome(checklist, "recording_disclosure", [(A, "hi, my name's sam"), (C, "hi"), (A, "how can i help")])[
        0] == "fail"


def _finding(intent: str, turn: int) -> IntentFinding:
    return IntentFinding(intent, turn, 0, 1, "test")


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # Deflection: the customer sent to make the request elsewhere, or to do it themselves, takes nothing on.
    ([(C, "please send me all my data"), (A, "you'll need to email our data protection team directly")],
     [("access", 0)], "fail"),
    ([(C, "delete my account"), (A, "you can delete your account yourself under settings")], [("erasure", 0)], "fail"),
    ([(C, "delete my account"), (A, "i've passed that to our data protection team")], [("erasure", 0)], "pass"),
    # "on file in case" is not a case filed.
    ([(C, "delete my cv"), (A, "we keep cvs on file in case a role comes up")], [("erasure", 0)], "fail"),
    # A request taken on under its own name; a general acknowledgement answers the one still open.
    ([(C, "i object to the profiling, or i'll go to the ico"),
      (A, "i've logged your objection. you have the right to complain to the ico too")],
     [("objection", 0), ("complaint", 0)], "pass"),
])
def test_request_acknowledged_r5(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [_finding(i, t) for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want


@pytest.mark.parametrize(("turns", "want"), [
    ([(A, "so that's the flat at 22 kings road isn't it"), (A, "can i take your date of birth")], "fail"),
    ([(A, "you've got three prescriptions waiting"), (A, "can i take your date of birth")], "fail"),
    # The customer's own words read back to confirm them are not a disclosure.
    ([(A, "what's your address"), (C, "4 elm road"), (A, "is that 4 elm road")], "na"),
    ([(A, "hi"), (C, "hello"), (A, "is that 4 elm road")], "fail"),
])
def test_identity_r5_read_back_and_items(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns)[0] == want


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # A commitment about another request named right after it ("logged your erasure request") takes
    # on that one, not a complaint whose words ("logged") it shares.
    ([(C, "erase all my data"), (C, "should you fail to comply i will lodge a complaint with the ico"),
      (A, "i've logged your erasure request, our data team will confirm within one month")],
     [("erasure", 0), ("complaint", 1)], "fail"),
    ([(C, "i'm going to the ico about this"), (A, "i've logged that for you")], [("complaint", 0)], "pass"),
    # The concern behind a complaint referred on takes it on.
    ([(C, "send me my data"), (C, "and i will be making a formal complaint to the ico"),
      (A, "i've logged your subject access request. i've also referred your concern to our dpo")],
     [("access", 0), ("complaint", 1)], "pass"),
])
def test_request_acknowledged_r6_named_requests(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [_finding(i, t) for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want


def test_request_acknowledged_r6_instruction_not_to_record(checklist) -> None:  # noqa: ANN001
    turns = [(C, "when you call please don't record the call"),
             (A, "noted - i've added an instruction to the callback that the call should not be recorded")]
    found = [_finding("recording_consent_withdrawal", 0)]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == "pass"


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # A data setting changed, a use said to stop: an objection taken on.
    ([(C, "stop using my half-hourly readings for profiling"),
      (A, "i've changed your data setting, and data already collected won't be used for analysis or offers")],
     [("objection", 0)], "pass"),
    # The complaint taken as the customer's right by a pro-form.
    ([(C, "i've a mind to write to the data protection commission"), (A, "you're fully entitled to do that")],
     [("complaint", 0)], "pass"),
    # The data itself to be sent.
    ([(C, "i still want that data. please provide it"),
      (A, "i've escalated it to our dpo and asked them to send your data within 5 working days")],
     [("access", 0)], "pass"),
    ([(C, "i still want that data"), (A, "is there anything else?")], [("access", 0)], "fail"),
])
def test_request_acknowledged_r6_said_another_way(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [_finding(i, t) for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want


def test_request_acknowledged_r6_closing_is_not_erasing(checklist) -> None:  # noqa: ANN001
    turns = [(C, "plz erase my data and close my account"), (A, "i've closed your account"), (C, "and the data?"),
             (A, "is there anything else i can help with?")]
    assert _outcome(checklist, "request_acknowledged", turns, intents=[_finding("erasure", 0)])[0] == "fail"


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # A general acknowledgement in the words of a request already answered answers it again, not another.
    ([(C, "delete account"), (A, "i can raise a data deletion request for you, within 30 days"),
      (C, "and can you stop the emails too"), (A, "unfortunately it's not something i can change from here"),
      (A, "your deletion request is logged")], [("erasure", 0), ("objection", 2)], "fail"),
    ([(C, "delete account"), (A, "i can raise a data deletion request for you, within 30 days"),
      (C, "and can you stop the emails too"), (A, "i've logged that too")], [("erasure", 0), ("objection", 2)], "pass"),
    # "you'll have your records" is the access request's own answer.
    ([(C, "i want a copy of my file"), (A, "i've re-logged it and you'll have your records within 5 days")],
     [("access", 0)], "pass"),
])
def test_request_acknowledged_r6_answered_again(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [_finding(i, t) for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want


@pytest.mark.parametrize(("turns", "want"), [
    # A delivery booked, read out before any check, discusses the account.
    ([(A, "i've got it here the corner sofa, it's booked for wednesday between eight and twelve"),
      (A, "can i take your date of birth")], "fail"),
    # "i see" before an aside about the call is understanding, not a look at the account.
    ([(A, "oh okay i see just to say this call is recorded can i take your postcode and date of birth"),
      (C, "s e eighteen"), (A, "thanks you're verified i can see the meter exchange on tuesday")], "pass"),
])
def test_identity_r6_booking_and_aside(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns)[0] == want


@pytest.mark.parametrize(("turns", "want"), [
    # An instruction opening with 'open' and lost property handed in at a depot tell nothing of the account.
    ([(C, "how do i delete a draft"), (A, "Sure! Open Invoices > Drafts, tick the draft, then click the bin")], "na"),
    ([(C, "i left my umbrella on the bus"), (A, "there's a tartan umbrella been handed in at the depot this morning")],
     "na"),
    ([(C, "hi"), (A, "i can see your open invoice for march")], "fail"),
])
def test_identity_r7_instructions_and_lost_property(checklist, turns, want: str) -> None:  # noqa: ANN001
    assert _outcome(checklist, "identity_before_account", turns)[0] == want


@pytest.mark.parametrize(("turns", "intents", "want"), [
    # A 'no fundraising' mark, a use disabled, a chat marked for deletion: taken on.
    ([(C, "no more calls asking for money"), (A, "of course i've marked your record no telephone fundraising")],
     [("objection", 0)], "pass"),
    ([(C, "turn that off, i don't want our data used for profiling"),
      (A, "I've disabled personalised insights and ad targeting for your account.")], [("objection", 0)], "pass"),
    ([(C, "i dont consent to this chat being recorded"),
      (A, "Understood, I've marked this chat so the transcript is deleted once we finish rather than stored.")],
     [("recording_consent_withdrawal", 0)], "pass"),
    # The customer sent to the app to do it: nothing taken on.
    ([(C, "pls delete my account and all my data"),
      (A, "You can delete your account anytime from the app under Profile > Settings > Account.")],
     [("erasure", 0)], "fail"),
    # A matter of another kind raised, or a card stopped: no answer to the request.
    ([(C, "send me the recording of my call"),
      (A, "call recordings are internal only we cannot share them i can raise a billing dispute for you")],
     [("access", 0)], "fail"),
    ([(C, "i'd rather this wasn't recorded"), (A, "i'm afraid i can't stop it"),
      (A, "okay i've stopped the card and raised a fraud claim")], [("recording_consent_withdrawal", 0)], "fail"),
])
def test_request_acknowledged_r7_said_another_way(checklist, turns, intents, want: str) -> None:  # noqa: ANN001
    found = [_finding(i, t) for i, t in intents]
    assert _outcome(checklist, "request_acknowledged", turns, intents=found)[0] == want
