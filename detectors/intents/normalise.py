"""Chat shorthand and spoken disfluency, rewritten before the general request rules read a turn.

Voice turns are lower-case ASR text with fillers and repeats ("i i want you to er delete my my
data"); chat has shorthand and dropped apostrophes ("pls delete ur info, dont want an acount").
`normalise_turn` rewrites word by word and keeps, for every output word, the span of the input it
came from, so a finding's span is always a span of the turn's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One word -> its written form. Only words whose reading is not in doubt in a customer's request.
SHORTHAND = {
    "pls": "please", "plz": "please", "plse": "please", "pleeease": "please", "u": "you",
    "ur": "your", "yr": "your", "r": "are", "dont": "don't", "cant": "can't", "wont": "won't", "im": "i'm",
    "ive": "i've", "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't",
    "havent": "haven't", "arent": "aren't", "shouldnt": "shouldn't", "wouldnt": "wouldn't",
    "couldnt": "couldn't", "youre": "you're", "youve": "you've", "thats": "that's", "whats": "what's",
    "theres": "there's", "wat": "what", "wot": "what", "wanna": "want to", "gonna": "going to",
    "gotta": "got to", "n": "and", "&": "and", "coz": "because", "cos": "because", "cuz": "because",
    "abt": "about", "acc": "account", "acct": "account", "acount": "account", "msg": "message",
    "msgs": "messages", "txt": "text", "txts": "texts", "txting": "texting", "thx": "thanks",
    "ty": "thanks", "tbh": "", "btw": "", "info": "information", "deets": "details", "pers": "personal",
    "e-mail": "email", "e-mails": "emails", "dat": "data", "databse": "database",
    "sytem": "system", "systen": "system", "delet": "delete", "detials": "details", "adress": "address",
    "addres": "address", "ye": "you", "yall": "you", "y'all": "you", "youse": "you", "yous": "you",
    "abeg": "please", "an'": "and", "w/": "with", "op": "opt", "unsub": "unsubscribe", "unsubbed": "unsubscribed", "u'll": "you'll", "u've": "you've", "u're": "you're",
}
# "id like", "ill be": the apostrophe dropped, read by the next word.
CONTRACTED_BY_NEXT = {"id": ("i'd", {"like", "rather", "prefer", "love", "want", "appreciate"}),
                      "ill": ("i'll", {"be", "take", "report", "complain", "go", "contact", "have", "do", "just",
                                       "make", "write", "call", "get", "send", "need", "want", "escalate",
                                       "raise", "lodge", "file", "tell", "ring"})}
# Spelt-out letters and sound-alikes of ASR.
SPELT = [(re.compile(r"\b(i c o|i see oh|i\.c\.o\.?|eye see oh)\b"), "ico"), (re.compile(r"\bg d p r\b"), "gdpr"),
         (re.compile(r"\b(d s a r)\b"), "dsar"), (re.compile(r"\bs a r\b"), "sar"), (re.compile(r"\bd p o\b"), "dpo"),
         (re.compile(r"\bopt-out\b"), "opt out"), (re.compile(r"\bwould you ever\b"), "would you")]
# Three or more letters spelt out ("o a i c", "c c p a") are one word.
LETTER_RUN = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")
# Scots and Northern negations: "didnae", "cannae", "wouldnae", "dinnae" (don't).
NAE = {"dinnae": "don't", "didnae": "didn't", "cannae": "can't", "wouldnae": "wouldn't", "widnae": "wouldn't",
       "couldnae": "couldn't", "shouldnae": "shouldn't", "isnae": "isn't", "wasnae": "wasn't", "doesnae": "doesn't",
       "havenae": "haven't", "hasnae": "hasn't", "willnae": "won't", "arenae": "aren't"}
# A dropped g written with an apostrophe: "recordin'", "wantin'", "ringin'" -> "recording".
DROPPED_G = re.compile(r"^([a-z]{2,}in)['’]$")
FILLERS = {"um", "umm", "uh", "uhh", "er", "erm", "err", "ah", "ahh", "hmm", "mm", "uhm", "eh"}
# The words requests turn on, restored from a one-key typo inside the word: a letter dropped, doubled
# or two swapped ("unsubcribe", "corect", "recieve", "infomation"). A different ending ("deleted",
# "updates") is another form, not a typo, and a letter replaced is left alone ("remote" is a word).
KEYWORDS = ("unsubscribe", "delete", "remove", "correct", "information", "details", "address", "account",
            "recording", "marketing", "personal", "update", "erase", "receive", "subscribe", "database")
_WORD = re.compile(r"[^\s,.;:!?()\"]+|[,.;:!?]")


@dataclass(frozen=True)
class NormalisedTurn:
    text: str
    spans: list[tuple[int, int, int, int]]  # (out_start, out_end, in_start, in_end) per output word

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The input span behind output characters [start, end)."""
        inside = [s for s in self.spans if s[1] > start and s[0] < end] or [min(
            self.spans, key=lambda s: abs(s[0] - start))]
        return min(s[2] for s in inside), max(s[3] for s in inside)


def _one_key_off(word: str, key: str) -> bool:
    """`word` is `key` with one letter dropped, added or two swapped, not at its last letter."""
    if word == key or word[0] != key[0] or abs(len(word) - len(key)) > 1:
        return False
    if len(word) == len(key):
        diff = [i for i in range(len(key)) if word[i] != key[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and diff[1] < len(key) - 1 and (
            word[diff[0]] == key[diff[1]] and word[diff[1]] == key[diff[0]])
    short, long_ = (word, key) if len(word) < len(key) else (key, word)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return i < len(short) - 1 and short[i:] == long_[i + 1:]


def _untypo(word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    return next((key for key in KEYWORDS if _one_key_off(word, key)), word)


def normalise_turn(text: str) -> NormalisedTurn:
    lowered = text.lower()
    for pattern, written in SPELT:  # same length or shorter; re-spaced so offsets stay word-aligned
        lowered = pattern.sub(lambda m, w=written: w + " " * (len(m.group(0)) - len(w)), lowered)
    lowered = LETTER_RUN.sub(lambda m: m.group(0).replace(" ", "") + " " * m.group(0).count(" "), lowered)
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(lowered)]
    out: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = 0
    previous = ""
    for k, (word, start, end) in enumerate(words):
        if word in FILLERS or (word == previous and word.isalpha()):
            continue  # "er", "the the", "i i i"
        if word in NAE:
            written = NAE[word]
        elif DROPPED_G.match(word):
            written = _untypo(DROPPED_G.match(word).group(1) + "g")
        else:
            written = SHORTHAND[word] if word in SHORTHAND else _untypo(word)
        if word in CONTRACTED_BY_NEXT:
            form, nexts = CONTRACTED_BY_NEXT[word]
            if k + 1 < len(words) and words[k + 1][0] in nexts:
                written = form
        if not written:
            continue
        if out and word not in ",.;:!?":
            out.append(" ")
            pos += 1
        out.append(written)
        spans.append((pos, pos + len(written), start, end))
        pos += len(written)
        previous = word
    return NormalisedTurn("".join(out), spans)
