"""Normalise spoken and typed forms of personal data into canonical text, with an offset map.

Speech-to-text writes "five five five, two one three", "5, 5, 5, 2, 1, 3", "double four",
"john dot patterson at gmail dot com", "S M I T H", "March fourth nineteen eighty two". The
recognizers see canonical text ("555213", "44", "john.patterson@gmail.com", "SMITH",
"March 4 1982"); every canonical span maps back to the original characters, and so to the
words and their audio timestamps.

Only rewrites that make personal data recognisable are made; everything else is copied as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000}
REPEATS = {"double": 2, "triple": 3}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
            "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
            "nineteenth": 19, "twentieth": 20, "thirtieth": 30}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec"}
NUMBER_WORDS = set(UNITS) | set(TEENS) | set(TENS) | set(SCALES) | set(REPEATS)
SPOKEN_SEPARATORS = {"dash": "-", "hyphen": "-", "slash": "/"}
TLDS = {"com", "org", "net", "edu", "gov", "io", "co", "uk", "ie", "de", "fr", "es", "it", "nl", "eu",
        "info", "biz", "me", "us", "ca", "au", "in", "ai", "app", "dev", "email", "mail", "online"}
MAIL_PROVIDERS = {"gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "icloud", "aol", "protonmail",
                  "proton", "gmx", "btinternet", "sky", "virginmedia", "mail", "msn", "me"}
# Words that end an e-mail's local part when reading backwards from "at".
LOCAL_STOP = {"is", "it's", "its", "it", "at", "me", "my", "email", "e-mail", "mail", "address", "the", "to",
              "on", "and", "or", "yes", "yeah", "sure", "so", "that's", "that", "was", "be", "use", "reach",
              "contact", "send", "please", "you", "can", "um", "uh", "er", "a", "an", "of", "from", "by", "i",
              "i'm", "we", "our", "your", "there", "here", "just", "okay", "ok", "right", "thanks"}
NATO_GLUE = {"for", "as"}  # "S for Sugar", "S as in Sam"

_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[^\sA-Za-z\d]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Normalised:
    """Canonical text and, for each canonical character, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span [start, end) to the original characters it covers."""
        if not self.text or end <= start:
            return (0, 0)
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.starts[start], self.ends[end - 1]


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Edit:
    start: int  # original character offsets
    end: int
    replacement: str


def _gap(text: str, a: Token, b: Token) -> str:
    return text[a.end : b.start]


def _is_num_atom(tok: Token) -> bool:
    return tok.text.isdigit() or tok.low in NUMBER_WORDS


def _number_chunks(words: list[str]) -> list[str]:
    """Spoken number words as digit strings: "five hundred fifty five" -> ["555"],
    "five five" -> ["5", "5"], "nineteen eighty two" -> ["19", "82"], "double four" -> ["44"]."""
    chunks: list[str] = []
    total: int | None = None
    current = 0
    state = ""  # last thing added: unit, teen, tens, hundred, thousand
    repeat = 1

    def flush() -> None:
        nonlocal total, current, state
        if state:
            chunks.append(str((total or 0) + current))
        total, current, state = None, 0, ""

    for w in words:
        if w.isdigit():
            flush()
            chunks.append(w * repeat)
            repeat = 1
        elif w in REPEATS:
            flush()
            repeat = REPEATS[w]
        elif w in UNITS:
            if repeat > 1:
                flush()
                chunks.append(str(UNITS[w]) * repeat)
                repeat = 1
            elif state in ("tens", "hundred", "thousand") and not (state == "tens" and current % 10):
                current += UNITS[w]
                state = "unit_added"
            else:
                flush()
                current, state = UNITS[w], "unit"
        elif w in TEENS:
            if state in ("hundred", "thousand"):
                current += TEENS[w]
                state = "teen"
            else:
                flush()
                current, state = TEENS[w], "teen"
        elif w in TENS:
            if state in ("hundred", "thousand"):
                current += TENS[w]
            else:
                flush()
                current = TENS[w]
            state = "tens"
        elif w == "hundred":
            current = (current or 1) * 100
            state = "hundred"
        elif w == "thousand":
            total = ((total or 0) + (current or 1)) * 1000
            current, state = 0, "thousand"
    flush()
    return chunks


def _number_runs(text: str, tokens: list[Token]) -> list[Edit]:
    """Digit lists and spoken numbers -> contiguous digits (separators spoken as words kept)."""
    edits: list[Edit] = []
    i = 0
    while i < len(tokens):
        if not _is_num_atom(tokens[i]) or tokens[i].low in SCALES:
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            tok = tokens[j]
            gap = _gap(text, run[-1], tok)
            if gap.strip():
                break
            if _is_num_atom(tok) or tok.text in ",-" or tok.low in SPOKEN_SEPARATORS or tok.low == "and":
                run.append(tok)
                j += 1
                continue
            break
        while run and not _is_num_atom(run[-1]):  # trailing separators are not part of the number
            run.pop()
        edit = _run_edit(run)
        plus = tokens[i - 1] if i > 0 and tokens[i - 1].low == "plus" else None
        if plus is not None and not _gap(text, plus, run[0]).strip():
            # "plus four four ..." / "plus 44 ...": the international prefix
            edit = Edit(plus.start, edit.end, "+" + edit.replacement) if edit else Edit(plus.start, run[0].start, "+")
        if edit is not None:
            edits.append(edit)
        i = i + max(len(run), 1)
    return edits


def _run_edit(run: list[Token]) -> Edit | None:
    atoms = [t for t in run if _is_num_atom(t)]
    if not any(t.text.isdigit() or t.low in UNITS or t.low in TEENS or t.low in TENS for t in atoms):
        return None  # "double", "hundred" alone carry no digits: leave the words as they are
    spoken = [t for t in atoms if not t.text.isdigit()]
    if spoken:
        if len(atoms) == 1 and atoms[0].low in UNITS | TEENS.keys() | TENS.keys():
            return None  # "one", "five": not a number anyone dictates as personal data
        if len(atoms) == len(spoken) and all(t.low in ("oh", "o") for t in atoms):
            return None
    elif not (len(atoms) >= 3 and (all(len(t.text) == 1 for t in atoms)
                                   or (all(len(t.text) <= 2 for t in atoms) and not any(t.text == "-" for t in run)))):
        # typed numbers ("212-555-0198", "03-12-82", "4 March, 1982") are left exactly as written;
        # only digit lists as ASR writes them ("5, 5, 5", "41, 1, 1", "4-1-1-1") are joined
        return None
    groups: list[list[str]] = [[]]
    seps: list[str] = []
    for t in run:
        if t.low in SPOKEN_SEPARATORS:
            seps.append(SPOKEN_SEPARATORS[t.low])
            groups.append([])
        elif _is_num_atom(t):
            groups[-1].append(t.low)
        # "and", commas and typed dashes inside a dictated run are dropped
    parts = ["".join(_number_chunks(g)) for g in groups]
    out = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))
    start, end = run[0].start, run[-1].end
    return Edit(start, end, out)


def _ordinal_dates(tokens: list[Token]) -> list[Edit]:
    """"March fourth", "the twenty first of March" -> "March 4", "the 21 of March"."""
    edits: list[Edit] = []
    for i, tok in enumerate(tokens):
        if tok.low not in ORDINALS:
            continue
        near = {t.low for t in tokens[max(0, i - 3) : i + 4]}
        if not near & MONTHS:
            continue
        value, start = ORDINALS[tok.low], tok.start
        if i > 0 and tokens[i - 1].low in ("twenty", "thirty") and value < 10:
            value += TENS[tokens[i - 1].low]
            start = tokens[i - 1].start
            if edits and edits[-1].start == start:
                edits.pop()
        edits.append(Edit(start, tok.end, str(value)))
    return edits


def _spelled_letters(text: str, tokens: list[Token]) -> list[Edit]:
    """"S M I T H", "S-M-I-T-H", "S for Sugar, M for Mother" -> "SMITH", "SM"."""
    edits: list[Edit] = []
    i = 0
    while i < len(tokens):
        letters: list[str] = []
        nato = False  # "S for Sugar" is spelling beyond doubt: even one such letter counts
        j = i
        end = tokens[i].end
        while j < len(tokens) and len(tokens[j].text) == 1 and tokens[j].text.isalpha():
            letters.append(tokens[j].text.upper())
            end = tokens[j].end
            k = j + 1
            # "S for Sugar" / "S as in Sam": skip the glue and the example word
            if k + 1 < len(tokens) and tokens[k].low in NATO_GLUE:
                e = k + 1
                if tokens[e].low == "in" and e + 1 < len(tokens):
                    e += 1
                # only a real spelling example: "S for Sugar", not "a for loop"
                if tokens[e].text[:1].upper() == tokens[j].text.upper():
                    nato = True
                    end = tokens[e].end
                    k = e + 1
            while k < len(tokens) and tokens[k].text in ",.-":
                k += 1
            if k < len(tokens) and _gap(text, tokens[k - 1], tokens[k]).strip():
                break
            j = k
        if len(letters) >= 3 or (nato and letters):
            edits.append(Edit(tokens[i].start, end, "".join(letters)))
            i = j if j > i else i + 1
        else:
            i += 1
    return edits


def _is_domain_word(tok: Token) -> bool:
    return tok.text.isalnum()


def _spoken_emails(text: str, tokens: list[Token]) -> list[Edit]:
    """"john dot patterson at gmail dot com", "John. Patterson at gmail.com",
    "john.patterson.gmail.com" (the "at" lost by ASR) -> "john.patterson@gmail.com"."""
    edits: list[Edit] = []
    for i, tok in enumerate(tokens):
        at = tok.low in ("at", "@") or (tok.text == "(" and i + 2 < len(tokens) and tokens[i + 1].low == "at")
        provider_without_at = (
            tok.low in MAIL_PROVIDERS and i >= 2 and tokens[i - 1].low in (".", "dot")
            and i + 2 < len(tokens) and tokens[i + 1].low in (".", "dot") and tokens[i + 2].low in TLDS
        )
        if not (at or provider_without_at):
            continue
        dom_start = i + 1 if at else i
        if at and tok.text == "(":
            dom_start = i + 3 if i + 2 < len(tokens) and tokens[i + 2].text == ")" else i + 2
        domain, d_end = _read_domain(tokens, dom_start)
        if domain is None:
            continue
        local_end = i - 1 if at else i - 2
        local, l_start = _read_local(text, tokens, local_end, typed=tok.text == "@")
        if not local:
            continue
        edits.append(Edit(tokens[l_start].start, tokens[d_end].end, f"{local}@{domain}".lower()))
    return edits


def _read_domain(tokens: list[Token], i: int) -> tuple[str | None, int]:
    labels: list[str] = []
    j = i
    while j < len(tokens) and _is_domain_word(tokens[j]):
        labels.append(tokens[j].text)
        if j + 2 < len(tokens) and tokens[j + 1].low in (".", "dot") and _is_domain_word(tokens[j + 2]):
            j += 2
            continue
        break
    # Back off to the longest label list that ends in a TLD: "gmail dot com. My mother..."
    while len(labels) >= 2 and labels[-1].lower() not in TLDS:
        labels.pop()
        j -= 2
    if len(labels) >= 2:
        return ".".join(labels), j
    return None, j


def _read_local(text: str, tokens: list[Token], j: int, typed: bool = False) -> tuple[str, int]:
    """The local part read backwards from token `j`. `typed` (a literal "@"): a typed address has no
    spaces, so the first gap ends it ("my colleague maria.g@x.com" is not "colleaguemaria.g@...")."""
    parts: list[str] = []
    start = j
    words = 0
    while j >= 0:
        tok = tokens[j]
        if typed and parts and text[tok.end : tokens[j + 1].start].strip() != text[tok.end : tokens[j + 1].start]:
            break
        if tok.low in ("dot", ".", "underscore", "_", "-", "dash", "hyphen") and parts:
            parts.append({"dot": ".", "underscore": "_", "dash": "-", "hyphen": "-"}.get(tok.low, tok.text))
            j -= 1
            continue
        if not tok.text.isalnum() or tok.low in LOCAL_STOP:
            break
        joined_by_separator = bool(parts) and parts[-1] in "._-"
        if parts and not joined_by_separator:
            words += 1
            if words >= 3:  # at most three loose words ("j patterson 82 at ...")
                break
        parts.append(tok.text)
        start = j
        j -= 1
    while parts and parts[-1] in "._-":
        parts.pop()
    return "".join(reversed(parts)), start


def _apply(text: str, edits: list[Edit]) -> Normalised:
    chosen: list[Edit] = []
    # Overlapping edits: the earliest (and, from one start, the longest) wins; the sort is stable,
    # so on a tie the e-mail edit (listed first) beats a number run over its digits.
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if not chosen or e.start >= chosen[-1].end:
            chosen.append(e)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cursor = 0
    for e in chosen:
        for k in range(cursor, e.start):
            out.append(text[k])
            starts.append(k)
            ends.append(k + 1)
        out.append(e.replacement)
        starts.extend([e.start] * len(e.replacement))
        ends.extend([e.end] * len(e.replacement))
        cursor = e.end
    for k in range(cursor, len(text)):
        out.append(text[k])
        starts.append(k)
        ends.append(k + 1)
    return Normalised(text, "".join(out), tuple(starts), tuple(ends))


def normalise(text: str) -> Normalised:
    """Canonical text for the recognizers, and the map back to `text`."""
    tokens = tokenize(text)
    # E-mails first: their local parts may hold digits ("j patterson 82 at ...").
    edits = _spoken_emails(text, tokens)
    edits += _ordinal_dates(tokens)
    edits += _number_runs(text, tokens)
    edits += _spelled_letters(text, tokens)
    return _apply(text, edits)
