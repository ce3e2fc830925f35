"""The verification pass: after writing, look again for personal data that survived redaction.

* Text: the redacted transcript's turns and the redacted chat messages are scanned again with
  the same detectors, their redaction tokens first blanked out (so `<PERSON_4f1c2a9b03>` or
  `[CREDIT_CARD ****1111]` are not findings).
* Audio: the redacted recording is transcribed again around every covered span (a window of
  `verification.window_s` seconds each side, merged where windows overlap, per channel), and
  what Whisper hears there is scanned. The windows of a channel are joined, with a second of
  silence between them, into one clip decoded greedily: one Whisper call per channel, which
  keeps the cost a fraction of the first transcription. `verification.audio = "full"`
  re-transcribes the whole recording instead.

Any finding is a residual: reported per object (private zone `verification/<key>.json`:
positions, types and detectors, never values), flagged in the run summary and in the subject
index's object markers.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from callscrub.audio.decode import WHISPER_RATE, AudioInfo, whisper_channels
from callscrub.audio.redact import merge_intervals
from callscrub.audio.transcribe import Transcriber
from callscrub.config import VerificationSettings
from callscrub.records import AudioSpan, Transcript, Word
from detectors.context import previous_turn_words
from detectors.normalise import normalise
from detectors.text import TextRedactor

# Everything our operators write: [TAG], [TAG ****1234], <TAG_4f1c2a9b03>, <enc:TAG:...>.
TOKEN = re.compile(
    r"\[[A-Z][A-Z0-9_]*(?: \*{4}\d{1,4})?\]|<[A-Z][A-Z0-9_]*_[0-9a-f]{4,64}>|<enc:[A-Z][A-Z0-9_]*:[A-Za-z0-9_-]+>"
)
GAP_S = 1.0  # silence between joined windows: Whisper must not run one window's words into the next
CUT_GAP_S = 0.3  # silence where a covered span was cut out of a window: a pause, as in speech
MIN_PIECE_S = 0.05  # shorter leftovers between covered spans hold no word
CONTEXT_S = 15.0  # transcript before a window whose words count as context for it
SCHEMA_VERSION = 1


# Values made of digits: a finding of one of these in re-heard audio must hold two digits or
# more to count. At a cut, Whisper hears the edge of the tone as "4", "free" or "Z", and the
# cue recognizers ("my number is ...") take that fragment for the value; a leaked value has digits.
NUMERIC_TYPES = frozenset({
    "ID_NUMBER", "PHONE_NUMBER", "CREDIT_CARD", "CARD_SECURITY_CODE", "CARD_EXPIRY", "IBAN_CODE",
    "UK_BANK_ACCOUNT", "US_BANK_NUMBER", "US_SSN", "US_ITIN", "US_PASSPORT", "UK_NINO", "UK_NHS",
})


def substantial(entity_type: str, text: str) -> bool:
    """Whether a finding in re-heard audio can be a value (see NUMERIC_TYPES)."""
    if entity_type not in NUMERIC_TYPES:
        return True
    return sum(c.isdigit() for c in normalise(text).text) >= 2


def neutralise(text: str) -> str:
    """Blank out redaction tokens, keeping every other character where it was.

    A token becomes "?" and spaces: a clause end, so a cue before it ("my name is [PERSON] and")
    does not take the next words for the value it no longer has.
    """
    return TOKEN.sub(lambda m: "?" + " " * (len(m.group()) - 1), text)


@dataclass(frozen=True)
class Residual:
    """Something the re-scan found: where and what kind, never the value."""

    source: str  # "transcript" | "chat" | "audio"
    entity_type: str
    detector: str
    score: float
    turn: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    t_start: float | None = None
    t_end: float | None = None
    channel: int | None = None


@dataclass(frozen=True)
class VerificationReport:
    source_uri: str
    source_etag: str
    kind: str
    audio_mode: str  # "windows" | "full" | "off" ("off" for chats)
    windows: int = 0
    audio_checked_s: float = 0.0
    seconds: float = 0.0
    residuals: tuple[Residual, ...] = field(default_factory=tuple)
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=1).encode("utf-8")


def rescan_texts(texts: list[str], redactor: TextRedactor, source: str) -> list[Residual]:
    """Residuals in already-redacted texts (chat messages, transcript turns), in conversation order."""
    clean = [neutralise(t) for t in texts]
    found = redactor.find_many(clean, previous_turn_words(clean, redactor.settings.context_turns))
    return [
        Residual(source, s.entity_type, s.detector, round(s.score, 4), turn=i, char_start=s.start, char_end=s.end)
        for i, spans in enumerate(found) for s in spans
    ]


def transcript_turn_texts(redacted: Transcript) -> list[str]:
    """The redacted transcript's turns (consecutive segments of one speaker), from segment texts."""
    turns: list[str] = []
    speaker: str | None = None
    for seg in redacted.segments:
        if turns and seg.speaker == speaker:
            turns[-1] += " " + seg.text
        else:
            turns.append(seg.text)
        speaker = seg.speaker
    return turns


@dataclass(frozen=True)
class _Piece:
    """A stretch of original audio inside the joined clip of its channel."""

    window: int  # index of the window it belongs to
    t_start: float  # on the original recording (seconds)
    t_end: float
    offset: float  # where it starts in the joined clip (seconds)


def _pieces(window: AudioSpan, covered: list[AudioSpan]) -> list[tuple[float, float]]:
    """The window minus the covered spans of its channel (or of every channel)."""
    cuts = sorted((c.t_start, c.t_end) for c in covered
                  if (c.channel is None or c.channel == window.channel) and c.t_end > window.t_start
                  and c.t_start < window.t_end)
    out: list[tuple[float, float]] = []
    cursor = window.t_start
    for a, b in cuts:
        if a - cursor >= MIN_PIECE_S:
            out.append((cursor, a))
        cursor = max(cursor, b)
    if window.t_end - cursor >= MIN_PIECE_S:
        out.append((cursor, window.t_end))
    return out


def _join(channels: list[np.ndarray], windows: list[AudioSpan], covered: list[AudioSpan]
          ) -> tuple[np.ndarray, list[_Piece]]:
    """One clip for the whole recording: each window's audio (from its channel) without its
    covered spans, short silences where they were. One Whisper call then checks every channel:
    its encoder costs the same for 1 s as for 30 s, so fewer, fuller calls are what keep
    verification cheap."""
    parts: list[np.ndarray] = []
    pieces: list[_Piece] = []
    cursor = 0
    for wi, window in enumerate(windows):
        audio = channels[window.channel if window.channel is not None else 0]
        for n, (a, b) in enumerate(_pieces(window, covered)):
            gap = np.zeros(int((CUT_GAP_S if n else GAP_S) * WHISPER_RATE), dtype=np.float32)
            clip = audio[int(a * WHISPER_RATE) : int(np.ceil(b * WHISPER_RATE))]
            parts += [gap, clip]
            cursor += len(gap)
            pieces.append(_Piece(wi, a, b, cursor / WHISPER_RATE))
            cursor += len(clip)
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)), pieces


def _context(redacted: Transcript, window: AudioSpan) -> list[str]:
    texts = [neutralise(s.text) for s in redacted.segments
             if s.end <= window.t_end and s.start >= window.t_start - CONTEXT_S]
    return previous_turn_words([*texts, ""], len(texts))[-1] or []


def rescan_audio(
    audio_bytes: bytes, info: AudioInfo, covered: list[AudioSpan], redacted: Transcript,
    transcriber: Transcriber, redactor: TextRedactor, settings: VerificationSettings,
) -> tuple[list[Residual], int, float]:
    """Residuals heard in the redacted audio; returns (residuals, windows, seconds of audio checked).

    The covered spans themselves are cut out of what is re-transcribed: their samples are our
    tone or silence, written bit for bit (Whisper hears a tone as anything from "f***ing" to
    "B-B-B-B..."). What is checked is the speech around them, where a value whose word times
    were wrong would survive; each cut becomes a clause break ("?") in the re-heard text, as
    each token does in the text re-scan.
    """
    if settings.audio == "full":
        windows = [AudioSpan(0.0, info.duration, c if info.channels > 1 else None) for c in range(info.channels)]
    else:
        windows = merge_intervals(covered, settings.window_s, info.duration)
    if not windows:
        return [], 0, 0.0
    joined, pieces = _join(whisper_channels(audio_bytes, info), windows, covered)
    if not pieces:
        return [], len(windows), 0.0
    words = transcriber.quick_words(joined, settings.beam_size)
    texts, refs = _window_texts(words, pieces, len(windows))
    found = redactor.find_many(texts, [_context(redacted, w) for w in windows])
    residuals: list[Residual] = []
    for window, text, text_refs, spans in zip(windows, texts, refs, found, strict=True):
        for s in spans:
            if not substantial(s.entity_type, text[s.start : s.end]):
                continue
            hit = [(a, b) for (cs, ce, a, b) in text_refs if cs < s.end and ce > s.start]
            start = min((a for a, _ in hit), default=window.t_start)
            end = max((b for _, b in hit), default=window.t_end)
            residuals.append(Residual("audio", s.entity_type, s.detector, round(s.score, 4),
                                      t_start=round(start, 3), t_end=round(end, 3), channel=window.channel))
    checked = sum(p.t_end - p.t_start for p in pieces)
    return residuals, len(windows), round(checked, 3)


def _window_texts(
    words: list[Word], pieces: list[_Piece], windows: int
) -> tuple[list[str], list[list[tuple[int, int, float, float]]]]:
    """Each window's re-heard text with "?" where a covered span was cut out, and its words'
    (char start, char end, t start, t end), times mapped back onto the original recording."""
    texts = ["" for _ in range(windows)]
    refs: list[list[tuple[int, int, float, float]]] = [[] for _ in range(windows)]
    last_piece: list[int | None] = [None] * windows
    # A word belongs to the piece nearest its middle: Whisper often starts a word early, in the
    # silence before it, so each silence is split halfway between the pieces around it.
    bounds = [0.0] + [(a.offset + (a.t_end - a.t_start) + b.offset) / 2 for a, b in zip(pieces, pieces[1:])]
    for w in words:
        body = w.text.strip()
        if not body:
            continue
        mid = (w.start + w.end) / 2
        k = max((i for i, edge in enumerate(bounds) if edge <= mid), default=0)
        piece = pieces[k]
        i = piece.window
        if last_piece[i] is not None and last_piece[i] != k:
            texts[i] += " ?"
        last_piece[i] = k
        if texts[i]:
            texts[i] += " "
        shift = piece.t_start - piece.offset
        start = min(max(w.start + shift, piece.t_start), piece.t_end)
        end = min(max(w.end + shift, start), piece.t_end)
        refs[i].append((len(texts[i]), len(texts[i]) + len(body), round(start, 3), round(end, 3)))
        texts[i] += body
    return texts, refs


def verify_recording(
    source_uri: str, etag: str, redacted: Transcript, audio_bytes: bytes, info: AudioInfo,
    covered: list[AudioSpan], transcriber: Transcriber, redactor: TextRedactor, settings: VerificationSettings,
) -> VerificationReport:
    started = time.perf_counter()
    residuals = rescan_texts(transcript_turn_texts(redacted), redactor, "transcript")
    windows, checked = 0, 0.0
    if settings.audio != "off":
        heard, windows, checked = rescan_audio(audio_bytes, info, covered, redacted, transcriber, redactor, settings)
        residuals += heard
    return VerificationReport(source_uri, etag, "recording", settings.audio, windows, checked,
                              round(time.perf_counter() - started, 3), tuple(residuals))


def verify_chat(source_uri: str, etag: str, texts: list[str], redactor: TextRedactor) -> VerificationReport:
    started = time.perf_counter()
    residuals = rescan_texts(texts, redactor, "chat")
    return VerificationReport(source_uri, etag, "chat", "off", seconds=round(time.perf_counter() - started, 3),
                              residuals=tuple(residuals))
