"""The Transcriber on the bundled samples: batched decoding is reproducible, and threads sharing
one model (the thread runner) get exactly what one thread gets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from callscrub.audio.decode import load_audio, whisper_channels
from callscrub.audio.transcribe import Transcriber, get_transcriber
from callscrub.config import TranscriptionSettings

NAMES = ["call-0001.ogg", "call-0002.ogg", "call-0003.flac", "call-0002.ogg"]


def _words(transcriber: Transcriber, channels: list) -> list[tuple[str, float, float, str]]:  # noqa: ANN001
    result = transcriber.transcribe(channels)
    return [(w.text, w.start, w.end, w.speaker) for s in result.segments for w in s.words]


@pytest.fixture(scope="module")
def audio(samples_raw: Path) -> list[list]:  # noqa: ANN001
    out = []
    for name in NAMES:
        data = (samples_raw / name).read_bytes()
        info, samples = load_audio(data)
        out.append(whisper_channels(data, info, samples))
    return out


def test_threads_sharing_the_model_hear_what_one_thread_hears(audio: list[list]) -> None:  # noqa: ANN001
    shared = get_transcriber(TranscriptionSettings(), concurrency=2)
    alone = [_words(shared, channels) for channels in audio]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(lambda channels: _words(shared, channels), audio))
    assert together == alone
    assert any("646" in w[0] for w in alone[2]), "the samples' numbers are heard"


def test_batched_needs_vad_and_says_so() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        TranscriptionSettings(vad_filter=False)
    assert TranscriptionSettings(vad_filter=False, batch_size=0).batch_size == 0
