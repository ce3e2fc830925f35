from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from callscrub.audio.decode import decode_pyav, load_audio, whisper_channels
from callscrub.audio.redact import merge_intervals, redact_audio
from callscrub.config import RedactionSettings
from callscrub.errors import BadInputError
from callscrub.records import AudioSpan

RATE = 16_000


def _tone_file(fmt: str, subtype: str, channels: int = 1, seconds: float = 2.0, rate: int = RATE) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    sig = 0.3 * np.sin(2 * np.pi * 220 * t)
    data = np.stack([sig] * channels, axis=1) if channels > 1 else sig
    buf = io.BytesIO()
    sf.write(buf, data, rate, format=fmt, subtype=subtype)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("fmt", "subtype"), [("WAV", "PCM_16"), ("FLAC", "PCM_16"), ("OGG", "VORBIS"), ("OGG", "OPUS"), ("MP3", "MPEG_LAYER_III")]
)
def test_formats_decode_and_redact_to_the_same_shape(fmt: str, subtype: str) -> None:
    info, samples = load_audio(_tone_file(fmt, subtype))
    assert (info.format, info.subtype, info.sample_rate, info.channels) == (fmt, subtype, RATE, 1)
    out, covered = redact_audio(info, samples, [AudioSpan(0.5, 1.0, None)], RedactionSettings())
    info2, _ = load_audio(out)
    assert (info2.format, info2.subtype, info2.sample_rate, info2.channels) == (fmt, subtype, RATE, 1)
    assert abs(info2.duration - info.duration) < 0.06  # lossy codecs pad by a frame at most
    assert covered == [AudioSpan(0.35, 1.15, None)]


def test_pcm_redaction_is_surgical_and_stereo_touches_one_channel() -> None:
    info, samples = load_audio(_tone_file("FLAC", "PCM_16", channels=2))
    out, _ = redact_audio(info, samples, [AudioSpan(0.5, 1.0, 1)], RedactionSettings(audio_mode="silence"))
    _, red = load_audio(out)
    a, b = int(0.35 * RATE), int(1.15 * RATE)
    assert np.array_equal(red[:, 0], samples[:, 0]), "the other speaker's channel is untouched"
    assert not red[a:b, 1].any(), "silenced span is silent"
    assert np.array_equal(red[:a, 1], samples[:a, 1]) and np.array_equal(red[b + 1 :, 1], samples[b + 1 :, 1])


def test_opus_redaction_keeps_the_channels_apart_and_the_length() -> None:
    """Ogg Opus is re-encoded by libopus through PyAV: a channel that was silent stays silent (a
    low bitrate would mix the speakers), the length is the frame count, libsndfile reads it."""
    t = np.arange(4 * RATE) / RATE
    speech = (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    stereo = np.stack([speech, np.zeros_like(speech)], axis=1)
    buf = io.BytesIO()
    sf.write(buf, stereo, RATE, format="OGG", subtype="OPUS")
    info, samples = load_audio(buf.getvalue())
    out, _ = redact_audio(info, samples, [AudioSpan(1.0, 2.0, 0)], RedactionSettings(audio_mode="silence"))
    info2, red = load_audio(out)
    assert (info2.format, info2.subtype, info2.channels, info2.frames) == ("OGG", "OPUS", 2, info.frames)
    assert np.abs(red[:, 1]).max() < 1e-3, "the silent channel picked up the other one"
    assert np.abs(red[int(1.3 * RATE) : int(1.7 * RATE), 0]).max() < 0.01, "the span is silenced"
    assert np.abs(red[int(3.0 * RATE) : int(3.5 * RATE), 0]).mean() > 0.1, "speech outside the span is kept"


def test_beep_replaces_speech_with_a_1khz_tone() -> None:
    info, samples = load_audio(_tone_file("WAV", "PCM_16"))
    out, _ = redact_audio(info, samples, [AudioSpan(0.5, 1.0, None)], RedactionSettings(padding_ms=0))
    _, red = load_audio(out)
    seg = red[int(0.5 * RATE) : int(1.0 * RATE), 0].astype(float)
    spectrum = np.abs(np.fft.rfft(seg))
    peak_hz = np.argmax(spectrum) * RATE / len(seg)
    assert abs(peak_hz - 1000) < 5


def test_spans_are_padded_clamped_and_merged() -> None:
    spans = [AudioSpan(0.05, 0.2, None), AudioSpan(0.3, 0.5, None), AudioSpan(1.9, 2.5, 0)]
    assert merge_intervals(spans, 0.15, 2.0) == [AudioSpan(0.0, 0.65, None), AudioSpan(1.75, 2.0, 0)]


def test_bad_audio_is_quarantinable(samples_raw: Path) -> None:
    flac = (samples_raw / "call-0003.flac").read_bytes()
    cases = {"empty": b"", "corrupt_audio": bytes(range(256)) * 64, "truncated_audio": flac[: len(flac) // 2]}
    for code, data in cases.items():
        with pytest.raises(BadInputError) as exc:
            load_audio(data)
        assert exc.value.code in (code, "corrupt_audio"), code


@pytest.mark.parametrize("name", ["call-0001.ogg", "call-0002.ogg", "call-0003.flac"])
def test_decode_gives_faster_whispers_own_samples(samples_raw: Path, name: str) -> None:
    """Transcripts depend on the exact samples: ours (no gc.collect per file) are decode_audio's."""
    from faster_whisper import decode_audio

    data = (samples_raw / name).read_bytes()
    stereo = sf.info(str(samples_raw / name)).channels == 2
    theirs = decode_audio(io.BytesIO(data), split_stereo=stereo)
    ours = decode_pyav(data, split_stereo=stereo)
    assert len(ours) == (2 if stereo else 1)
    for a, b in zip(ours, theirs if stereo else [theirs]):
        assert a.dtype == np.float32 and np.array_equal(a, b)


def test_whisper_channels_resamples_to_16k() -> None:
    data = _tone_file("WAV", "PCM_16", channels=2, rate=8000)
    info, samples = load_audio(data)
    chans = whisper_channels(data, info, samples)
    assert len(chans) == 2 and abs(len(chans[0]) - 2 * RATE) < 200 and chans[0].dtype == np.float32


@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_real_call_energy_inside_spans_is_ours_and_outside_is_bit_identical(samples_raw: Path, mode: str) -> None:
    """On a real recording (lossless FLAC): inside each covered span only the tone (or silence),
    at the configured level; outside, every sample as it was."""
    info, samples = load_audio((samples_raw / "call-0003.flac").read_bytes())
    settings = RedactionSettings(audio_mode=mode)
    out, covered = redact_audio(info, samples, [AudioSpan(2.0, 3.0, None), AudioSpan(6.0, 6.5, None)], settings)
    _, red = load_audio(out)
    inside = np.zeros(len(samples), dtype=bool)
    for span in covered:
        a, b = int(span.t_start * info.sample_rate), int(np.ceil(span.t_end * info.sample_rate))
        inside[a:b] = True
        seg = red[a:b, 0].astype(float) / 32767.0
        rms = float(np.sqrt(np.mean(seg**2)))
        if mode == "silence":
            assert rms == 0.0
        else:
            assert rms == pytest.approx(settings.beep_level / np.sqrt(2), rel=0.02)
            spectrum = np.abs(np.fft.rfft(seg)) ** 2
            band = (np.fft.rfftfreq(len(seg), 1 / info.sample_rate) > 950) & (
                np.fft.rfftfreq(len(seg), 1 / info.sample_rate) < 1050)
            assert spectrum[band].sum() / spectrum.sum() > 0.99, "the energy is the 1 kHz tone's"
    original_speech = samples[inside, 0].astype(float)
    assert np.sqrt(np.mean(original_speech**2)) > 0, "the spans did hold sound before"
    assert np.array_equal(red[~inside], samples[~inside]), "outside the spans nothing changed"
