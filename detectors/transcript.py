"""Redact a transcript turn by turn, keeping segments, speakers, timestamps and words aligned.

A turn is a run of consecutive segments from one speaker; detection sees the whole turn so a
number spoken across two segments is still one number. Every word a span touches is replaced,
in `words[]` as well as in the text, and the words' times become audio spans to beep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from callscrub.records import AudioSpan, Detection, Segment, Transcript, Word
from detectors.context import previous_turn_words
from detectors.spans import Span
from detectors.text import TextRedactor


@dataclass(frozen=True)
class WordRef:
    segment: int  # index into transcript.segments
    word: int  # index into segment.words; -1: the segment has no words (whole segment)
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    words: tuple[WordRef, ...]


def build_turns(transcript: Transcript) -> list[Turn]:
    """Turns with their text rebuilt from the words exactly as Whisper spaced them.

    Whisper marks word boundaries with a leading space; tokens without one ("-0198" after
    "212") belong to the previous word, so "212-555-0198" stays one string for the detectors.
    """
    turns: list[Turn] = []
    text = ""
    refs: list[WordRef] = []
    speaker: str | None = None
    for si, seg in enumerate(transcript.segments):
        if speaker is not None and seg.speaker != speaker:
            turns.append(Turn(speaker, text, tuple(refs)))
            text, refs = "", []
        speaker = seg.speaker
        pieces = [(wi, w.text) for wi, w in enumerate(seg.words)] or [(-1, " " + seg.text)]
        for n, (wi, piece) in enumerate(pieces):
            body = piece.strip()
            if not body:
                continue
            # A new segment always starts a new word; inside one, Whisper's spacing decides.
            if text and (n == 0 or piece[:1].isspace()):
                text += " "
            refs.append(WordRef(si, wi, len(text), len(text) + len(body)))
            text += body
    if speaker is not None:
        turns.append(Turn(speaker, text, tuple(refs)))
    return turns


def _word_times(seg: Segment, word_index: int) -> tuple[float, float]:
    """A word's times, widened to its segment when Whisper's are implausible (digits often are)."""
    if word_index < 0:
        return seg.start, seg.end
    w = seg.words[word_index]
    if w.end <= w.start or w.start < seg.start - 1.0 or w.end > seg.end + 1.0:
        return seg.start, seg.end
    return w.start, w.end


def _to_neighbours(seg: Segment, first: int, last: int, start: float, end: float,
                   pad: float) -> tuple[float, float]:
    """Widen a value's audio span to the words around it: from the end of the word before it (or
    the segment's start) to the start of the word after it (or the segment's end), less the
    padding the audio redaction adds. Whisper often starts a number's first digit late and ends
    its last digit early; the silence between words is where such a digit hides, and beeping a
    pause costs nothing, while clipping the neighbours leaves fragments ("F***") in the audio."""
    if first < 0:  # the segment has no words: its times are the span
        return start, end
    before = seg.words[first - 1].end if first > 0 else seg.start
    after = seg.words[last + 1].start if last + 1 < len(seg.words) else seg.end
    return min(start, max(before, seg.start) + pad), max(end, min(after, seg.end) - pad)


def redact_transcript(
    transcript: Transcript, redactor: TextRedactor, padding_s: float = 0.15
) -> tuple[Transcript, list[Detection], list[AudioSpan]]:
    """The redacted transcript, what was found (positions only) and the audio spans to cover.

    `padding_s` is the padding the audio redaction will add each side: spans reach into the
    gap to the neighbouring words only as far as that padding will not carry them into the words.
    """
    turns = build_turns(transcript)
    texts = [t.text for t in turns]
    found = redactor.find_many(texts, previous_turn_words(texts, redactor.settings.context_turns))
    return cover_spans(transcript, found, redactor.replacement, padding_s, turns)


def cover_spans(
    transcript: Transcript, found: list[list[Span]], token_for: Callable[[Span, str], str],
    padding_s: float = 0.15, turns: list[Turn] | None = None,
) -> tuple[Transcript, list[Detection], list[AudioSpan]]:
    """Replace every word each span touches (`found[turn]`, character spans of the turn texts)
    with `token_for(span, value)`; returns the new transcript, the detections and the audio spans.

    `turns` (default: this transcript's) maps spans to words. Erasure passes the private
    transcript's turns to cover the same words in the redacted transcript: both have the same
    segments and words, so the positions are shared.
    """
    turns = build_turns(transcript) if turns is None else turns
    replaced: dict[tuple[int, int], str] = {}  # (segment, word) -> replacement
    group_of: dict[tuple[int, int], int] = {}  # consecutive words of one span collapse in text
    detections: list[Detection] = []
    audio: list[AudioSpan] = []
    group = 0
    for ti, (turn, spans_found) in enumerate(zip(turns, found, strict=True)):
        for span in spans_found:
            hit = words_of(turn, span.start, span.end)
            if not hit:
                continue
            group += 1
            value = turn.text[hit[0].char_start : hit[-1].char_end]
            token = token_for(span, value)
            times = [_word_times(transcript.segments[r.segment], r.word) for r in hit]
            for r in hit:
                replaced[(r.segment, r.word)] = token
                group_of[(r.segment, r.word)] = group
            for seg_index in sorted({r.segment for r in hit}):
                seg = transcript.segments[seg_index]
                mine = [(r, t) for r, t in zip(hit, times, strict=True) if r.segment == seg_index]
                start, end = _to_neighbours(seg, mine[0][0].word, mine[-1][0].word,
                                            min(t[0] for _, t in mine), max(t[1] for _, t in mine), padding_s)
                audio.append(AudioSpan(start, end, seg.channel))
            detections.append(_detection(span, ti, turn.speaker, times))
    return replace(replace_words(transcript, replaced, group_of), redacted=True), detections, audio


def replace_words(transcript: Transcript, replaced: dict[tuple[int, int], str],
                  group_of: dict[tuple[int, int], int]) -> Transcript:
    """The transcript with each (segment, word) in `replaced` set to its token; consecutive words of
    one group collapse to one token in the segment text. Applying it twice changes nothing more."""
    segments = tuple(_redact_segment(si, seg, replaced, group_of) for si, seg in enumerate(transcript.segments))
    return replace(transcript, segments=segments)


def words_of(turn: Turn, start: int, end: int) -> list[WordRef]:
    """The words of `turn` that the character span [start, end) touches."""
    return [r for r in turn.words if r.char_start < end and r.char_end > start]


def _detection(span: Span, turn: int, speaker: str, times: list[tuple[float, float]]) -> Detection:
    return Detection(
        entity_type=span.entity_type,
        score=round(span.score, 4),
        detector=span.detector,
        turn=turn,
        char_start=span.start,
        char_end=span.end,
        t_start=round(min(t[0] for t in times), 3),
        t_end=round(max(t[1] for t in times), 3),
        speaker=speaker,
    )


def _redact_segment(
    si: int, seg: Segment, replaced: dict[tuple[int, int], str], group_of: dict[tuple[int, int], int]
) -> Segment:
    if (si, -1) in replaced:
        token = replaced[(si, -1)]
        return replace(seg, text=token, words=())
    if not any((si, wi) in replaced for wi in range(len(seg.words))):
        return seg
    words: list[Word] = []
    text = ""
    last_group: int | None = None
    for wi, w in enumerate(seg.words):
        token = replaced.get((si, wi))
        sep = " " if text and w.text[:1].isspace() else ""
        if token is None:
            words.append(w)
            text += sep + w.text.strip()
            last_group = None
            continue
        words.append(replace(w, text=(" " if w.text[:1].isspace() else "") + token))
        if group_of[(si, wi)] != last_group:
            text += (" " if text else "") + token
        last_group = group_of[(si, wi)]
    return replace(seg, text=text, words=tuple(words))
