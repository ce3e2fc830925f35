"""Generate the labelled detection-evaluation corpora (bench/data/eval_asr.jsonl, eval_chat.jsonl).

ASR corpus: each utterance is a carrier sentence with one or two planted values (faker, seeded), or
a distractor with no personal data. It is synthesised with espeak-ng (several voices and speeds),
resampled to 16 kHz with sox and transcribed with the REAL callscrub Transcriber (bundled tiny.en).
Labels are spans of the TRANSCRIPT: the carrier's literal words are aligned to the transcript
(case/punctuation-insensitive, tolerant to small ASR errors, split/merged words) and each value is
the stretch of transcript between its neighbouring literal words. Items whose alignment fails, or
whose value stretch is empty, are dropped (counted in the summary and in bench/data/eval_meta.json).

Chat corpus: the same categories typed the way people type in chats; labels are exact.

Record: {"id", "text", "context", "labels": [{"start", "end", "type"}], "category", "value",
"script", ...}. Every value is invented (faker).

Needs Debian's espeak-ng and sox. Transcripts are cached by (script, voice, speed) under
~/.cache/callscrub/eval_corpus so re-runs are quick; the output is deterministic for a seed.

    .venv/bin/python tools/make_eval_corpus.py                 # both corpora (a few minutes on CPU)
    .venv/bin/python tools/make_eval_corpus.py --only chat     # chats only (no audio, seconds)
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "callscrub" / "eval_corpus"
RATE = 16_000
VOICES = ["en-us", "en-gb", "en-us+f3", "en-gb-x-rp"]

DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ONES = DIGIT_WORDS + ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                      "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORD = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
       "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
       "eighteenth", "nineteenth", "twentieth", "twenty first", "twenty second", "twenty third",
       "twenty fourth", "twenty fifth", "twenty sixth", "twenty seventh", "twenty eighth", "twenty ninth",
       "thirtieth", "thirty first"]
ORD_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
NINO_FIRST = "ABCEGHJKLMNPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


# ---------------------------------------------------------------- spoken forms


def below_100(n: int) -> str:
    if n < 20:
        return ONES[n]
    return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])


def year_words(y: int) -> str:
    if 2000 <= y < 2010:
        return "two thousand" + ("" if y == 2000 else " and " + ONES[y % 10])
    hi, lo = divmod(y, 100)
    return below_100(hi) + " " + ("hundred" if lo == 0 else ("oh " + ONES[lo] if lo < 10 else below_100(lo)))


def digit_words(s: str) -> str:
    return " ".join(DIGIT_WORDS[int(c)] for c in s if c.isdigit())


def grouped_digit_words(groups: list[str]) -> str:
    return ", ".join(digit_words(g) for g in groups)


def spell(s: str) -> str:
    """'SW1A 1AA' -> 'S W one A, one A A' (letters spelled, digits as words)."""
    parts = []
    for chunk in s.split():
        parts.append(" ".join(DIGIT_WORDS[int(c)] if c.isdigit() else c.upper() for c in chunk if c.isalnum()))
    return ", ".join(parts)


def chunks(s: str, n: int) -> list[str]:
    return [s[i : i + n] for i in range(0, len(s), n)]


def ordinal(d: int) -> str:
    return f"{d}{ORD_SUFFIX.get(d, 'th')}"


# ---------------------------------------------------------------- items


@dataclass
class Slot:
    type: str
    spoken: str  # what espeak says (ASR) or what is typed (chat)


@dataclass
class Item:
    category: str
    parts: list  # str literals and Slots, in order
    value: str | None
    context: str | None = None
    extra: dict = field(default_factory=dict)


class Gen:
    """Values and carrier sentences; `chat=True` renders the typed forms."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.us = Faker("en_US")
        self.gb = Faker("en_GB")
        self.us.seed_instance(seed)
        self.gb.seed_instance(seed + 1)

    def f(self):  # noqa: ANN201 - a Faker
        return self.rng.choice([self.us, self.gb])

    def ch(self, seq):  # noqa: ANN001, ANN201
        return self.rng.choice(seq)

    def maybe_context(self, prompts: list[str]) -> str | None:
        return self.ch(prompts) if self.rng.random() < 0.5 else None

    # ---- values

    def phone(self) -> tuple[str, list[str], str]:
        """(canonical, digit groups, typed form)."""
        kind = self.rng.random()
        if kind < 0.45:
            digits = self.us.numerify("%##%######")
            groups = [digits[:3], digits[3:6], digits[6:]]
            typed = self.ch([f"{groups[0]}-{groups[1]}-{groups[2]}", f"({groups[0]}) {groups[1]}-{groups[2]}",
                             f"{groups[0]}.{groups[1]}.{groups[2]}", f"+1 {groups[0]} {groups[1]} {groups[2]}",
                             digits])
        elif kind < 0.8:
            digits = self.gb.numerify("07#########")
            groups = [digits[:5], digits[5:8], digits[8:]]
            typed = self.ch([f"{digits[:5]} {digits[5:]}", f"+44 {digits[1:5]} {digits[5:]}", digits,
                             f"+44{digits[1:]}", f"{digits[:5]}-{digits[5:]}"])
        else:
            digits = "020" + self.gb.numerify("%#######")
            groups = [digits[:3], digits[3:7], digits[7:]]
            typed = self.ch([f"020 {digits[3:7]} {digits[7:]}", f"+44 20 {digits[3:7]} {digits[7:]}",
                             f"(020) {digits[3:7]} {digits[7:]}"])
        return digits, groups, typed

    def card(self) -> str:
        return self.f().credit_card_number(card_type=self.ch(["visa16", "visa16", "mastercard", "amex", "discover"]))

    def email(self) -> tuple[str, str, str]:
        """(address, local, domain)."""
        f = self.f()
        first, last = f.first_name().lower(), f.last_name().lower()
        first = re.sub(r"[^a-z]", "", first)
        last = re.sub(r"[^a-z]", "", last)
        local = self.ch([f"{first}.{last}", f"{first}{last}", f"{first}_{last}", f"{first[0]}{last}",
                         f"{first}.{last}{self.rng.randint(1, 99)}", f"{last}{self.rng.randint(60, 99)}",
                         re.sub(r"[^a-z0-9._]", "", f.user_name().lower()) or first])
        domain = self.ch([f.free_email_domain(), f.free_email_domain(), "gmail.com", "outlook.com",
                          f.domain_name()])
        return f"{local}@{domain}", local, domain

    def spoken_email_part(self, s: str) -> str:
        out = []
        for tok in re.findall(r"[a-z]+|\d+|[._-]", s):
            if tok == ".":
                out.append("dot")
            elif tok == "_":
                out.append("underscore")
            elif tok == "-":
                out.append("dash")
            elif tok.isdigit():
                out.append(digit_words(tok) if self.rng.random() < 0.5 else tok)
            else:
                out.append(tok)
        return " ".join(out)

    def nino(self) -> str:
        return (self.ch(NINO_FIRST) + self.ch(NINO_SECOND) + self.gb.numerify("######") + self.ch("ABCD"))

    def dob(self) -> date:
        return self.f().date_of_birth(minimum_age=18, maximum_age=85)

    def name(self) -> tuple[str, str]:
        f = self.f()
        return f.first_name(), f.last_name()

    def customer_id(self) -> str:
        return "CUST-" + self.us.numerify("######")

    # ---- ASR utterances

    def asr_item(self, category: str) -> Item:  # noqa: C901, PLR0911, PLR0912 - one branch per category
        rng, ch = self.rng, self.ch
        if category == "phone":
            digits, groups, _ = self.phone()
            spoken = ch([grouped_digit_words(groups), digit_words(digits), " ".join(groups)])
            pre, post = ch([("My phone number is", "thanks."), ("You can reach me on", "any time."),
                            ("My mobile number is", "okay."), ("The best number to call is", "thank you."),
                            ("Sure, it's", "thanks.")])
            ctx = self.maybe_context(["Can I take a contact number?", "What's the best number to reach you on?",
                                      "Could you confirm your phone number?"])
            return Item(category, [pre, Slot("PHONE_NUMBER", spoken), post], digits, ctx)
        if category == "card":
            card = self.card()
            groups = chunks(card, 4)
            spoken = grouped_digit_words(groups) if rng.random() < 0.6 else " ".join(groups)
            pre, post = ch([("My card number is", "thanks."), ("The long number on the card is", "okay."),
                            ("Yes, it's", "and that's a Visa."), ("The card number is", "thank you.")])
            ctx = self.maybe_context(["Can you read me the card number?", "What's the long number on the front of "
                                      "the card?", "Which card would you like to pay with?"])
            return Item(category, [pre, Slot("CREDIT_CARD", spoken), post], card, ctx)
        if category == "email":
            addr, local, domain = self.email()
            spoken = f"{self.spoken_email_part(local)} at {self.spoken_email_part(domain)}"
            pre, post = ch([("My email is", "thanks."), ("My email address is", "okay."),
                            ("You can email me at", "thank you."), ("Send it to", "please.")])
            ctx = self.maybe_context(["What's your email address?", "Can I get an email for the receipt?",
                                      "Which email should we use?"])
            return Item(category, [pre, Slot("EMAIL_ADDRESS", spoken), post], addr, ctx)
        if category == "iban":
            iban = self.gb.iban()
            groups = chunks(iban, 4)
            spoken = ", ".join(" ".join(DIGIT_WORDS[int(c)] if c.isdigit() else c for c in g) for g in groups)
            pre, post = ch([("My IBAN is", "thanks."), ("The IBAN is", "okay."),
                            ("The international bank account number is", "thank you.")])
            ctx = self.maybe_context(["Can you give me the IBAN for the refund?", "What are the bank details?"])
            return Item(category, [pre, Slot("IBAN_CODE", spoken), post], iban, ctx)
        if category == "bank":
            sort = self.gb.numerify("######")
            acct = self.gb.numerify("########")
            sort_spoken = ch([", ".join(below_100(int(p)) if p[0] != "0" else digit_words(p) for p in chunks(sort, 2)),
                              grouped_digit_words(chunks(sort, 2))])
            acct_spoken = ch([digit_words(acct), grouped_digit_words(chunks(acct, 4))])
            ctx = self.maybe_context(["What's the sort code and account number?", "Which account should the "
                                      "direct debit come from?"])
            if rng.random() < 0.6:
                parts = ["My sort code is", Slot("UK_BANK_ACCOUNT", sort_spoken), "and the account number is",
                         Slot("UK_BANK_ACCOUNT", acct_spoken), "thanks."]
            else:
                parts = [ch(["My account number is", "The account number is"]), Slot("UK_BANK_ACCOUNT", acct_spoken),
                         "okay."]
            return Item(category, parts, f"{sort[:2]}-{sort[2:4]}-{sort[4:]} {acct}", ctx)
        if category == "ssn":
            ssn = self.us.ssn()
            groups = ssn.split("-")
            spoken = grouped_digit_words(groups) if rng.random() < 0.7 else " ".join(groups)
            pre, post = ch([("My social security number is", "thanks."), ("My social is", "okay."),
                            ("The SSN is", "thank you.")])
            ctx = self.maybe_context(["Can you verify your social security number?", "I need the last four of your "
                                      "social, or the full number."])
            return Item(category, [pre, Slot("US_SSN", spoken), post], ssn, ctx)
        if category == "nino":
            nino = self.nino()
            spoken = " ".join(DIGIT_WORDS[int(c)] if c.isdigit() else c for c in nino)
            pre, post = ch([("My national insurance number is", "thanks."), ("My insurance number is", "okay."),
                            ("It's", "that's my national insurance number.")])
            ctx = self.maybe_context(["What's your national insurance number?", "Can you confirm your NI number?"])
            return Item(category, [pre, Slot("UK_NINO", spoken), post], nino, ctx)
        if category == "name":
            first, last = self.name()
            pre, post = ch([("My name is", "thanks."), ("This is", "speaking."), ("Hi, it's", "here."),
                            ("The account holder is", "okay."), ("Yes, my name is", "thank you.")])
            ctx = self.maybe_context(["Who am I speaking to?", "Can I take your full name?",
                                      "And the name on the account?"])
            return Item(category, [pre, Slot("PERSON", f"{first} {last}"), post], f"{first} {last}", ctx)
        if category == "name_spelled":
            first, last = self.name()
            letters = re.sub(r"[^A-Za-z]", "", last).upper()
            spelled = " ".join(letters)
            if rng.random() < 0.5:
                parts = ["My surname is", Slot("PERSON", last), "that's spelled", Slot("PERSON", spelled), "thanks."]
            else:
                parts = ["My name is", Slot("PERSON", f"{first} {last}"), "and my surname is spelled",
                         Slot("PERSON", spelled), "okay."]
            ctx = self.maybe_context(["Could you spell your surname for me?", "How do you spell that?"])
            return Item(category, parts, last, ctx)
        if category == "dob":
            d = self.dob()
            spoken = ch([f"{MONTHS[d.month]} {ORD[d.day]} {year_words(d.year)}",
                         f"{ORD[d.day]} of {MONTHS[d.month]} {year_words(d.year)}",
                         f"{ordinal(d.day)} of {MONTHS[d.month]} {d.year}",
                         f"{MONTHS[d.month]} {ordinal(d.day)} {d.year}"])
            pre, post = ch([("My date of birth is", "thanks."), ("I was born on", "okay."),
                            ("My birthday is", "thank you."), ("Date of birth,", "that's it.")])
            ctx = self.maybe_context(["Can you confirm your date of birth?", "For security, what's your date of "
                                      "birth?"])
            return Item(category, [pre, Slot("DATE_OF_BIRTH", spoken), post], d.isoformat(), ctx)
        if category == "address":
            f = self.f()
            street = f"{f.building_number()} {f.street_name()}"
            if f is self.gb:
                pc = f.postcode()
                pc_spoken, pc_word = spell(pc), "the postcode is"
            else:
                pc = f.zipcode()
                pc_spoken, pc_word = ch([digit_words(pc), pc]), "the zip code is"
            ctx = self.maybe_context(["What's the first line of your address?", "Can you confirm your address "
                                      "and postcode?"])
            if rng.random() < 0.6:
                parts = [ch(["My address is", "I live at"]), Slot("STREET_ADDRESS", street), f"and {pc_word}",
                         Slot("POSTCODE", pc_spoken), "thanks."]
                return Item(category, parts, f"{street}, {pc}", ctx)
            if rng.random() < 0.5:
                return Item(category, ["I live at", Slot("STREET_ADDRESS", street), "okay."], street, ctx)
            return Item(category, [f"Yes, {pc_word}", Slot("POSTCODE", pc_spoken), "thanks."], pc, ctx)
        if category == "customer_id":
            cid = self.customer_id()
            digits = cid.split("-")[1]
            spoken = ch([f"C U S T {digit_words(digits)}", f"C U S T dash {digit_words(digits)}",
                         f"C U S T {digits}"])
            pre, post = ch([("My customer number is", "thanks."), ("The customer ID is", "okay."),
                            ("My account reference is", "thank you.")])
            ctx = self.maybe_context(["Do you have your customer number?", "What's the reference on your bill?"])
            return Item(category, [pre, Slot("CUSTOMER_ID", spoken), post], cid, ctx)
        if category == "security_answer":
            f = self.f()
            kind = rng.randrange(4)
            if kind == 0:
                ans = f.last_name()
                parts = ["My mother's maiden name is", Slot("SECURITY_ANSWER", ans), "thanks."]
            elif kind == 1:
                ans = f.first_name()
                parts = ["My first pet was called", Slot("SECURITY_ANSWER", ans), "okay."]
            elif kind == 2:
                ans = f.city()
                parts = ["I was born in", Slot("SECURITY_ANSWER", ans), "that's the answer."]
            else:
                ans = f.last_name()
                parts = ["The answer is", Slot("SECURITY_ANSWER", ans), "thank you."]
            ctx = self.maybe_context(["Can you answer your security question?", "What's your mother's maiden name?",
                                      "I just need the answer to your memorable question."])
            return Item(category, parts, ans, ctx)
        return self.distractor(chat=False)

    def distractor(self, chat: bool) -> Item:
        rng, ch = self.rng, self.ch
        kind = ch(["amount", "time", "menu", "product", "count", "due_date", "plain"])
        n = rng.randint(2, 99)
        d = self.us.date_between(start_date=date(2024, 1, 1), end_date=date(2026, 12, 31))
        if chat:
            text = {
                "amount": ch([f"that comes to ${n}.{rng.randint(10, 99)}", f"i was charged £{n} twice",
                              f"the bill says {n} pounds {rng.randint(10, 99)}", f"refund of ${n * 10} please"]),
                "time": ch([f"can u call back at {rng.randint(1, 11)}pm", f"im free after {rng.randint(1, 11)}:30",
                            f"available tmrw {rng.randint(8, 11)}am-{rng.randint(1, 5)}pm"]),
                "menu": ch(["pressed 1 for billing but got sales", "which option is tech support? 2 or 3?",
                            "the menu said press 4"]),
                "product": ch([f"my router is the XR{rng.randint(100, 999)}", f"model no. AC{rng.randint(1000, 9999)}",
                               f"order #{rng.randint(1000, 9999)} hasnt arrived", f"plan B{n} please"]),
                "count": ch([f"i ordered {rng.randint(2, 9)} cables and got {rng.randint(1, 2)}",
                             f"been waiting {n} mins", f"thats the {rng.randint(2, 9)}th time ive asked"]),
                "due_date": ch([f"bill is due {d.day}/{d.month}/{d.year}", f"my bill is due on {MONTHS[d.month]} "
                                f"{ordinal(d.day)}", f"engineer booked for {d.isoformat()}"]),
                "plain": ch(["hi, i want to upgrade my broadband", "thanks for your help!", "ok that works",
                             "can i cancel my contract early?", "the internet keeps dropping out"]),
            }[kind]
            ctx = self.maybe_context(["How can I help you today?", "Is there anything else?", "Let me check that."])
            return Item("distractor", [text], None, ctx, {"distractor": kind})
        text = {
            "amount": ch([f"That will be {below_100(n)} dollars.", f"I was charged {below_100(n)} pounds twice.",
                          f"The bill came to {n} pounds {rng.randint(10, 99)}.",
                          f"I'd like a refund of {n * 10} dollars."]),
            "time": ch([f"Can you call me back at {below_100(rng.randint(1, 11))} pm?",
                        f"I'm free after half past {below_100(rng.randint(1, 11))}.",
                        f"The engineer said between {rng.randint(8, 11)} and {rng.randint(1, 5)} tomorrow."]),
            "menu": ch(["I pressed one for billing but got sales.", "Press two for technical support.",
                        "The menu said press four for anything else."]),
            "product": ch([f"My router is the X R {rng.randint(100, 999)}.", f"The model number is A C "
                           f"{rng.randint(1000, 9999)}.", f"I'm on the B {n} plan."]),
            "count": ch([f"I ordered {below_100(rng.randint(2, 9))} cables and only got one.",
                         f"I've been waiting for {below_100(n)} minutes.",
                         f"This is the {ORD[rng.randint(2, 9)]} time I've called."]),
            "due_date": ch([f"Your bill is due on {MONTHS[d.month]} {ORD[d.day]}.",
                            f"The engineer is booked for the {ORD[d.day]} of {MONTHS[d.month]}.",
                            f"The contract ends on {MONTHS[d.month]} {ordinal(d.day)} {d.year}."]),
            "plain": ch(["Hi, I want to upgrade my broadband.", "Thanks for your help.", "Okay, that works for me.",
                         "Can I cancel my contract early?", "The internet keeps dropping out."]),
        }[kind]
        ctx = self.maybe_context(["How can I help you today?", "Is there anything else?", "Let me check that for "
                                  "you."])
        return Item("distractor", [text], None, ctx, {"distractor": kind})

    # ---- chats

    def chat_item(self, category: str) -> Item:  # noqa: C901, PLR0911, PLR0912 - one branch per category
        rng, ch = self.rng, self.ch
        low = rng.random() < 0.6  # most chat users type in lower case

        def cap(s: str) -> str:
            return s.lower() if low else s

        if category == "phone":
            digits, _, typed = self.phone()
            pre, post = ch([("my number is ", ""), ("call me on ", " pls"), ("mob: ", ""), ("its ", " thanks"),
                            ("you can reach me at ", " after 5"), ("", " is my number")])
            ctx = self.maybe_context(["Can I take a contact number?", "What's the best number to reach you on?"])
            return Item(category, [pre, Slot("PHONE_NUMBER", typed), post], digits, ctx)
        if category == "card":
            card = self.card()
            sep = ch(["-", " ", "", " "])
            typed = sep.join(chunks(card, 4))
            pre, post = ch([("card number ", ""), ("my card is ", " exp 09/27"), ("", ""), ("its ", " thanks"),
                            ("pay with ", " please")])
            ctx = self.maybe_context(["Can you type the card number?", "Which card would you like to use?"])
            if post == " exp 09/27":  # the expiry is card data too (PCI DSS): label it
                return Item(category, [pre, Slot("CREDIT_CARD", typed), " exp ", Slot("CARD_EXPIRY", "09/27")],
                            card, ctx)
            return Item(category, [pre, Slot("CREDIT_CARD", typed), post], card, ctx)
        if category == "email":
            addr, local, domain = self.email()
            typed = ch([addr, addr, addr.upper() if rng.random() < 0.1 else addr,
                        f"{local} at {domain.replace('.', ' dot ')}", f"{local}(at){domain}", f"{local} @ {domain}"])
            pre, post = ch([("my email is ", ""), ("email: ", ""), ("its ", " thx"), ("send it to ", " please"),
                            ("", " is my email"), ("use ", " instead")])
            ctx = self.maybe_context(["What's your email address?", "Which email should we use?"])
            return Item(category, [pre, Slot("EMAIL_ADDRESS", typed), post], addr, ctx)
        if category == "iban":
            iban = self.gb.iban()
            typed = ch([iban, " ".join(chunks(iban, 4)), iban.lower()])
            pre, post = ch([("iban ", ""), ("my IBAN is ", " thanks"), ("refund to ", " pls")])
            ctx = self.maybe_context(["Can you give me the IBAN for the refund?"])
            return Item(category, [pre, Slot("IBAN_CODE", typed), post], iban, ctx)
        if category == "bank":
            sort = self.gb.numerify("######")
            acct = self.gb.numerify("########")
            sort_t = ch([f"{sort[:2]}-{sort[2:4]}-{sort[4:]}", sort, f"{sort[:2]} {sort[2:4]} {sort[4:]}"])
            ctx = self.maybe_context(["What's the sort code and account number?"])
            parts = ch([
                ["sort code ", Slot("UK_BANK_ACCOUNT", sort_t), " acc ", Slot("UK_BANK_ACCOUNT", acct)],
                ["sc ", Slot("UK_BANK_ACCOUNT", sort_t), " an ", Slot("UK_BANK_ACCOUNT", acct)],
                ["account number ", Slot("UK_BANK_ACCOUNT", acct), ""],
                [Slot("UK_BANK_ACCOUNT", sort_t), " / ", Slot("UK_BANK_ACCOUNT", acct)],
            ])
            return Item(category, parts, " ".join(p.spoken for p in parts if isinstance(p, Slot)), ctx)
        if category == "ssn":
            ssn = self.us.ssn()
            typed = ch([ssn, ssn.replace("-", ""), ssn.replace("-", " ")])
            pre, post = ch([("ssn ", ""), ("my social is ", ""), ("ss# ", " thanks"), ("its ", "")])
            ctx = self.maybe_context(["Can you verify your social security number?"])
            return Item(category, [pre, Slot("US_SSN", typed), post], ssn, ctx)
        if category == "nino":
            nino = self.nino()
            typed = ch([nino, nino.lower(), f"{nino[:2]} {nino[2:4]} {nino[4:6]} {nino[6:8]} {nino[8]}"])
            pre, post = ch([("ni number ", ""), ("my national insurance no is ", ""), ("NI: ", " thanks")])
            ctx = self.maybe_context(["What's your national insurance number?"])
            return Item(category, [pre, Slot("UK_NINO", typed), post], nino, ctx)
        if category in ("name", "name_spelled"):
            first, last = self.name()
            full = cap(f"{first} {last}")
            if category == "name_spelled":
                letters = re.sub(r"[^A-Za-z]", "", last).upper()
                spelled = ch([" ".join(letters), "-".join(letters)])
                parts = [cap("surname is ") if low else "Surname is ", Slot("PERSON", cap(last)), " - ",
                         Slot("PERSON", spelled)]
            else:
                pre, post = ch([("my name is ", ""), ("im ", " btw"), ("this is ", " here"), ("name's ", ""),
                                ("hi, ", " speaking"), ("account holder: ", ""), ("", " here, hi")])
                parts = [pre, Slot("PERSON", full), post]
            ctx = self.maybe_context(["Who am I speaking to?", "Can I take your full name?"])
            return Item(category, parts, f"{first} {last}", ctx)
        if category == "dob":
            d = self.dob()
            typed = ch([f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}/{d.month}/{d.year}",
                        f"{d.month}/{d.day}/{d.year}", d.isoformat(), f"{ordinal(d.day)} {MONTHS[d.month]} {d.year}",
                        f"{MONTHS[d.month][:3].lower()} {d.day} {d.year}", f"{d.day}.{d.month}.{str(d.year)[2:]}"])
            pre, post = ch([("my dob is ", ""), ("dob ", ""), ("born ", ""), ("date of birth: ", ""),
                            ("its ", " (dob)")])
            ctx = self.maybe_context(["Can you confirm your date of birth?"])
            return Item(category, [pre, Slot("DATE_OF_BIRTH", typed), post], d.isoformat(), ctx)
        if category == "address":
            f = self.f()
            street = cap(f"{f.building_number()} {f.street_name()}")
            pc = f.postcode() if f is self.gb else f.zipcode()
            pc = pc.lower() if low and rng.random() < 0.5 else pc
            ctx = self.maybe_context(["What's the first line of your address?"])
            parts = ch([
                ["address is ", Slot("STREET_ADDRESS", street), ", ", Slot("POSTCODE", pc)],
                ["i live at ", Slot("STREET_ADDRESS", street), ""],
                ["postcode ", Slot("POSTCODE", pc), ""],
                ["", Slot("STREET_ADDRESS", street), " ", Slot("POSTCODE", pc)],
            ])
            return Item(category, parts, ", ".join(p.spoken for p in parts if isinstance(p, Slot)), ctx)
        if category == "customer_id":
            cid = self.customer_id()
            typed = ch([cid, cid.lower(), cid.replace("-", ""), cid.replace("-", " ")])
            pre, post = ch([("customer no ", ""), ("my customer number is ", ""), ("ref ", " thanks"),
                            ("account ", "")])
            ctx = self.maybe_context(["Do you have your customer number?"])
            return Item(category, [pre, Slot("CUSTOMER_ID", typed), post], cid, ctx)
        if category == "security_answer":
            f = self.f()
            kind = rng.randrange(3)
            if kind == 0:
                ans = cap(f.last_name())
                parts = [ch(["mums maiden name was ", "mother's maiden name: ", "maiden name "]),
                         Slot("SECURITY_ANSWER", ans)]
            elif kind == 1:
                ans = cap(f.first_name())
                parts = ["first pet was ", Slot("SECURITY_ANSWER", ans), ""]
            else:
                ans = cap(f.city())
                parts = ["born in ", Slot("SECURITY_ANSWER", ans), ""]
            ctx = self.maybe_context(["Can you answer your security question?"])
            return Item(category, parts, ans, ctx)
        return self.distractor(chat=True)


CATEGORIES = ["phone", "card", "email", "iban", "bank", "ssn", "nino", "name", "name_spelled", "dob", "address",
              "customer_id", "security_answer"]


def plan(n: int, rng: random.Random) -> list[str]:
    """~75% personal-data categories, evenly spread; ~25% distractors; shuffled."""
    n_pii = round(n * 0.75)
    cats = [CATEGORIES[i % len(CATEGORIES)] for i in range(n_pii)] + ["distractor"] * (n - n_pii)
    rng.shuffle(cats)
    return cats


# ---------------------------------------------------------------- chat rendering


def render_chat(item: Item, rid: str) -> dict:
    text, labels = "", []
    for p in item.parts:
        if isinstance(p, Slot):
            labels.append({"start": len(text), "end": len(text) + len(p.spoken), "type": p.type})
            text += p.spoken
        else:
            text += p
    return {"id": rid, "text": text, "context": item.context, "labels": labels, "category": item.category,
            "value": item.value, "script": None, **item.extra}


# ---------------------------------------------------------------- ASR: synthesis, transcription, alignment


EQUIV = {"okay": "ok", "thankyou": "thanks"}


def norm_word(w: str) -> str:
    w = re.sub(r"[^a-z0-9]", "", w.lower())
    return EQUIV.get(w, w)


def similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


@dataclass
class Tok:
    norm: str
    start: int
    end: int


def transcript_tokens(text: str) -> list[Tok]:
    toks = [Tok(norm_word(m.group()), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    return [t for t in toks if t.norm]


def script_tokens(parts: list) -> list:
    """Literal words as strings, slots as ints (their index among slots)."""
    out: list = []
    k = 0
    for p in parts:
        if isinstance(p, Slot):
            out.append(k)
            k += 1
        else:
            out.extend(w for w in (norm_word(x) for x in p.split()) if w)
    return out


INF = 10**9


def align(script: list, trans: list[Tok], open_end: bool = False) -> tuple[list[tuple[int, int]], str] | tuple[None, str]:  # noqa: C901, E501
    """Align literal words to the transcript with slots absorbing >=1 transcript words each.

    Returns ([(tstart, tend) per slot] as transcript-token ranges, "") or (None, reason).
    `open_end`: the last slot may run to the end of the transcript when the words after it are lost
    (ASR often glues "thanks" onto a dictated value); its range is then (start, -end) and the caller
    trims what is not the value, or drops the item.
    Ops per literal: match (0, fuzzy), split (literal = two transcript words, 0), merge (two literals = one
    transcript word, 0), substitute (1), delete (1); a transcript word not absorbed by a slot costs 1.
    """
    n, m = len(script), len(trans)
    tw = [t.norm for t in trans]
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, bp = INF, None
            if j > 0 and cost[i][j - 1] + 1 < best:  # transcript word inserted
                best, bp = cost[i][j - 1] + 1, ("ins", i, j - 1)
            if i > 0:
                s = script[i - 1]
                if isinstance(s, int):
                    for jj in range(j - 1, -1, -1):  # slot absorbs trans[jj:j]
                        if cost[i - 1][jj] < best:
                            best, bp = cost[i - 1][jj], ("slot", i - 1, jj)
                else:
                    if j > 0:
                        c = 0 if similar(s, tw[j - 1]) else 1
                        if cost[i - 1][j - 1] + c < best or (c == 0 and cost[i - 1][j - 1] + c <= best):
                            best, bp = cost[i - 1][j - 1] + c, ("match" if c == 0 else "sub", i - 1, j - 1)
                    if j > 1 and s == tw[j - 2] + tw[j - 1] and cost[i - 1][j - 2] <= best:
                        best, bp = cost[i - 1][j - 2], ("split", i - 1, j - 2)
                    if (i > 1 and j > 0 and isinstance(script[i - 2], str) and script[i - 2] + s == tw[j - 1]
                            and cost[i - 2][j - 1] <= best):
                        best, bp = cost[i - 2][j - 1], ("merge", i - 2, j - 1)
                    if cost[i - 1][j] + 1 < best:
                        best, bp = cost[i - 1][j] + 1, ("del", i - 1, j)
            cost[i][j], back[i][j] = best, bp
    if cost[n][m] >= INF:
        return None, "no alignment"
    # backtrace: op per script token
    ops: dict[int, tuple[str, int, int]] = {}
    i, j = n, m
    while (i, j) != (0, 0):
        op, pi, pj = back[i][j]  # type: ignore[misc]
        if op == "merge":
            ops[i - 1] = ops[i - 2] = ("merge", pj, j)
        elif op != "ins":
            ops[i - 1] = (op, pj, j)
        i, j = pi, pj
    literals = [k for k, s in enumerate(script) if isinstance(s, str)]
    good = {"match", "split", "merge"}
    if literals and sum(ops[k][0] in good for k in literals) / len(literals) < 0.6:
        return None, "carrier mostly lost"
    ranges = []
    for k, s in enumerate(script):
        if not isinstance(s, int):
            continue
        op, a, b = ops[k]
        if b <= a:
            return None, "empty value"
        for side in (-1, 1):
            # only the literals between this slot and its neighbouring slot (or the script's end) count
            prev_slot = max((x for x in range(k) if isinstance(script[x], int)), default=-1)
            next_slot = min((x for x in range(k + 1, n) if isinstance(script[x], int)), default=n)
            near = [x for x in literals if (prev_slot < x < k if side < 0 else k < x < next_slot)]
            near = near[::-1][:2] if side < 0 else near[:2]
            if not near:
                if side < 0 and a != 0:
                    return None, "words before the value"
                continue
            first = ops[near[0]][0]
            if first in good:
                continue
            if first == "sub" and len(near) > 1 and ops[near[1]][0] in good:
                continue
            last_slot = not any(isinstance(x, int) for x in script[k + 1 :])
            if side > 0 and open_end and last_slot and all(ops[x][0] in ("del", "sub") for x in near):
                b = -m  # the rest of the transcript (negative: open-ended); the caller trims or drops it
                continue
            return None, "anchor lost"
        ranges.append((a, b))
    return ranges, ""


STRIP = ".,;:!?\"'-"
FILLERS = {"and", "um", "uh", "er"}  # trimmed from the edges of a value's stretch
NUMBER_TYPES = {"PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "UK_BANK_ACCOUNT", "US_SSN", "UK_NINO", "CUSTOMER_ID"}
NUMBERISH = re.compile(r"\d|^(zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                       r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                       r"seventy|eighty|ninety|hundred|thousand|double|triple)$")


GLUED_TAIL = re.compile(r"[-,.\s]*\b(thanks|thank you|okay|ok)\W*$", re.I)  # "5-7-0-2-thanks"


def slot_span(text: str, trans: list[Tok], a: int, b: int) -> tuple[int, int]:
    start, end = trans[a].start, trans[b - 1].end
    glued = GLUED_TAIL.search(text, start, end)
    if glued and glued.start() > start:
        end = glued.start()
    while start < end and text[start] in STRIP:
        start += 1
    while end > start and text[end - 1] in STRIP:
        end -= 1
    return start, end


def synth(script: str, voice: str, speed: int, tmp: Path) -> Path:
    wav, out = tmp / "say.wav", tmp / "say16.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), script], check=True)
    subprocess.run(["sox", str(wav), "-r", str(RATE), "-b", "16", str(out), "gain", "-n", "-3"], check=True)
    return out


class CachedTranscriber:
    def __init__(self) -> None:
        self._t = None
        CACHE.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="evalcorpus-"))

    def __call__(self, script: str, voice: str, speed: int) -> str:
        key = hashlib.sha256(json.dumps([script, voice, speed, "tiny.en"]).encode()).hexdigest()[:24]
        path = CACHE / f"{key}.txt"
        if path.exists():
            return path.read_text()
        import soundfile as sf

        if self._t is None:
            from callscrub.audio.transcribe import Transcriber
            from callscrub.config import TranscriptionSettings

            self._t = Transcriber(TranscriptionSettings())
        audio, _ = sf.read(synth(script, voice, speed, self.tmp), dtype="float32")
        res = self._t.transcribe([audio])
        text = " ".join(s.text for s in res.segments).strip()
        path.write_text(text)
        return text


def asr_record(item: Item, rid: str, rng: random.Random, transcribe: CachedTranscriber) -> tuple[dict | None, str]:
    voice = rng.choice(VOICES)
    speed = rng.randint(130, 160)
    script = " ".join(p.spoken if isinstance(p, Slot) else p for p in item.parts if not (isinstance(p, str) and not p))
    text = transcribe(script, voice, speed)
    rec = {"id": rid, "text": text, "context": item.context, "labels": [], "category": item.category,
           "value": item.value, "script": script, "voice": voice, "speed": speed, **item.extra}
    slots = [p for p in item.parts if isinstance(p, Slot)]
    if not slots:
        return (rec, "") if text else (None, "empty transcript")
    trans = transcript_tokens(text)
    ranges, why = align(script_tokens(item.parts), trans, open_end=True)
    if ranges is None:
        return None, why
    for slot, (a, b) in zip(slots, ranges, strict=True):
        open_ended, b = b < 0, abs(b)
        if open_ended and slot.type in NUMBER_TYPES:  # a number's stretch ends at its last number word
            while b > a + 1 and not NUMBERISH.search(trans[b - 1].norm):
                b -= 1
        elif open_ended:  # the words after the value were lost: keep it only if what trails is filler
            if trans[b - 1].norm not in FILLERS:
                return None, "anchor lost"
        value_words = {norm_word(w) for w in slot.spoken.split()}
        while b > a + 1 and trans[b - 1].norm in FILLERS - value_words:
            b -= 1
        while a < b - 1 and trans[a].norm in FILLERS - value_words:
            a += 1
        s, e = slot_span(text, trans, a, b)
        if e <= s:
            return None, "empty value"
        rec["labels"].append({"start": s, "end": e, "type": slot.type})
    return rec, ""


# ---------------------------------------------------------------- main


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def build_chat(n: int, seed: int) -> list[dict]:
    gen = Gen(seed + 100)
    return [render_chat(gen.chat_item(cat), f"chat-{i:04d}") for i, cat in enumerate(plan(n, gen.rng))]


def build_asr(n: int, seed: int) -> tuple[list[dict], Counter, Counter]:
    gen = Gen(seed)
    voice_rng = random.Random(seed + 7)
    transcribe = CachedTranscriber()
    records, dropped, planned = [], Counter(), Counter()
    started = time.perf_counter()
    for i, cat in enumerate(plan(n, gen.rng)):
        item = gen.asr_item(cat)
        planned[item.category] += 1
        rec, why = asr_record(item, f"asr-{i:04d}", voice_rng, transcribe)
        if rec is None:
            dropped[(item.category, why)] += 1
        else:
            records.append(rec)
        if (i + 1) % 25 == 0:
            print(f"  asr {i + 1}/{n}  kept {len(records)}  {time.perf_counter() - started:.0f}s", flush=True)
    return records, dropped, planned


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=["asr", "chat", "both"], default="both")
    ap.add_argument("--asr-n", type=int, default=340, help="utterances to synthesise (some are dropped)")
    ap.add_argument("--chat-n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    meta_path = args.out / "eval_meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    meta["seed"] = args.seed
    if args.only in ("chat", "both"):
        chats = build_chat(args.chat_n, args.seed)
        write_jsonl(args.out / "eval_chat.jsonl", chats)
        meta["chat"] = {"items": len(chats), "per_category": dict(sorted(Counter(r["category"] for r in chats).items()))}
        print(f"chat: {len(chats)} items -> {args.out / 'eval_chat.jsonl'}")
    if args.only in ("asr", "both"):
        records, dropped, planned = build_asr(args.asr_n, args.seed)
        write_jsonl(args.out / "eval_asr.jsonl", records)
        kept = Counter(r["category"] for r in records)
        meta["asr"] = {
            "planned": args.asr_n, "items": len(records), "dropped": sum(dropped.values()),
            "per_category": {c: {"planned": planned[c], "kept": kept[c]} for c in sorted(planned)},
            "dropped_by_reason": {f"{c}: {why}": k for (c, why), k in sorted(dropped.items())},
            "model": "bundled:tiny.en", "voices": VOICES,
        }
        print(f"asr: {len(records)} kept, {sum(dropped.values())} dropped -> {args.out / 'eval_asr.jsonl'}")
        for (c, why), k in sorted(dropped.items()):
            print(f"  dropped {k:3d}  {c:16s} {why}")
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
