"""Which of our recognizers a deployment runs, built from its detection settings."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from callscrub.config import DetectionSettings
from detectors.recognizers.card_expiry import CardExpiryRecognizer
from detectors.recognizers.card_security_code import CardSecurityCodeRecognizer
from detectors.recognizers.cue_value import (
    EMAIL_CUES, EMAIL_MARKERS, END_WORDS, ID_CUES, INTRO_CUES, NAME_CUES, NOT_A_NAME, SPELLING_CUES, CueValueRecognizer,
)
from detectors.recognizers.custom_id import CustomIdRecognizer
from detectors.recognizers.date_of_birth import DateOfBirthRecognizer
from detectors.recognizers.email import EmailAddressRecognizer
from detectors.recognizers.iban import IbanCodeRecognizer
from detectors.recognizers.payment_card import PaymentCardRecognizer
from detectors.recognizers.person_name import PersonNameRecognizer
from detectors.recognizers.phone import PhoneNumberRecognizer
from detectors.recognizers.postcode import PostcodeRecognizer
from detectors.recognizers.security_answer import SecurityAnswerRecognizer
from detectors.recognizers.spelled_name import SpelledNameRecognizer
from detectors.recognizers.spoken_number import SpokenNumberRecognizer
from detectors.recognizers.street_address import StreetAddressRecognizer
from detectors.recognizers.uk_bank_account import UkBankAccountRecognizer
from detectors.recognizers.uk_nino import NationalInsuranceNumberRecognizer
from detectors.recognizers.us_ssn import SocialSecurityNumberRecognizer

# Stock Presidio recognizers ours replace (theirs would only add weaker duplicates).
REPLACED_STOCK = {"PhoneRecognizer", "EmailRecognizer", "UsSsnRecognizer", "IbanRecognizer", "CreditCardRecognizer"}


def build_recognizers(settings: DetectionSettings) -> list[EntityRecognizer]:
    recognizers: list[EntityRecognizer] = [
        PhoneNumberRecognizer(regions=tuple(settings.phone_regions)),
        PaymentCardRecognizer(),
        CardSecurityCodeRecognizer(),
        CardExpiryRecognizer(),
        IbanCodeRecognizer(),
        UkBankAccountRecognizer(),
        SocialSecurityNumberRecognizer(),
        NationalInsuranceNumberRecognizer(),
        EmailAddressRecognizer(),
        DateOfBirthRecognizer(),
        StreetAddressRecognizer(),
        PostcodeRecognizer(),
        PersonNameRecognizer(),
        SecurityAnswerRecognizer(),
        SpokenNumberRecognizer(),
        CueValueRecognizer("EMAIL_ADDRESS", EMAIL_CUES, max_words=14, value_markers=EMAIL_MARKERS),
        CueValueRecognizer("PERSON", SPELLING_CUES, max_words=8, name="CallscrubSpellingCueRecognizer"),
        CueValueRecognizer("PERSON", INTRO_CUES, max_words=3, name="CallscrubIntroducedNameRecognizer",
                           not_a_value=NOT_A_NAME, strip_leading=True),
        SpelledNameRecognizer(),
        # After an id's name, even "the U.S.D. 2488" is the id as ASR heard it: strip, never veto.
        CueValueRecognizer("ID_NUMBER", ID_CUES, max_words=12, name="CallscrubNamedIdRecognizer",
                           not_a_value=frozenset({"the", "a", "an"}), strip_leading=True, in_the_is_no_value=False),
        CueValueRecognizer("PERSON", NAME_CUES, max_words=3, name="CallscrubNamedRecognizer",
                           end_words=END_WORDS[:-1] + "|and|but|from|my)"),
    ]
    recognizers += [
        CustomIdRecognizer(entity_type=c.entity_type, pattern=c.pattern, context=c.context, score=c.score)
        for c in settings.custom_ids
    ]
    return recognizers
