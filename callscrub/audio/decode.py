"""Decode recordings with libsndfile (soundfile): WAV, FLAC, MP3, OGG Vorbis/Opus.

Decoding validates: an empty, corrupt or truncated file raises BadInputError (quarantine), with
a reason we write ourselves (libsndfile's messages are not passed on).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import soundfile as sf

from callscrub.errors import BadInputError

WHISPER_RATE = 16_000
_INT_SUBTYPES = {"PCM_16": "int16", "PCM_24": "int32", "PCM_32": "int32"}


@dataclass(frozen=True)
class AudioInfo:
    format: str  # libsndfile major format: WAV, FLAC, OGG, MP3, ...
    subtype: str  # PCM_16, VORBIS, OPUS, MPEG_LAYER_III, ...
    sample_rate: int
    channels: int
    frames: int

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0

    @property
    def dtype(self) -> str:
        """Sample type that round-trips this file's samples exactly where it is PCM."""
        return _INT_SUBTYPES.get(self.subtype, "float32")


def load_audio(data: bytes, max_duration_s: float | None = None) -> tuple[AudioInfo, np.ndarray]:
    """Decode the whole file: (info, samples as frames x channels in `info.dtype`).

    A recording longer than `max_duration_s` (by its header) is refused before it is decoded."""
    if not data:
        raise BadInputError("empty", "the recording is empty (0 bytes)")
    try:
        with sf.SoundFile(io.BytesIO(data)) as fh:
            info = AudioInfo(fh.format, fh.subtype, fh.samplerate, fh.channels, fh.frames)
            if max_duration_s is not None and fh.samplerate > 0 and fh.frames / fh.samplerate > max_duration_s:
                raise BadInputError(
                    "too_long", f"the recording is {fh.frames / fh.samplerate / 3600:.1f} h long, over "
                                f"transcription.max_duration_s ({max_duration_s:.0f} s); raise it to process it",
                )
            samples = fh.read(dtype=info.dtype, always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError):
        raise BadInputError(
            "corrupt_audio", "the recording could not be decoded: not audio, or truncated/corrupt"
        ) from None
    if samples.shape[0] == 0:
        raise BadInputError("empty_audio", "the recording decodes to no samples")
    if info.frames > 0 and samples.shape[0] < info.frames:
        raise BadInputError(
            "truncated_audio", f"the recording is truncated ({samples.shape[0]} of {info.frames} frames decoded)"
        )
    if info.frames <= 0:
        info = AudioInfo(info.format, info.subtype, info.sample_rate, info.channels, samples.shape[0])
    return info, samples


def to_float(samples: np.ndarray) -> np.ndarray:
    """Samples as float32 in [-1, 1], whatever they were decoded as."""
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    if samples.dtype == np.int32:
        return samples.astype(np.float32) / 2147483648.0
    return samples.astype(np.float32, copy=False)


def whisper_channels(data: bytes, info: AudioInfo, samples: np.ndarray | None = None) -> list[np.ndarray]:
    """One mono float32 16 kHz array per channel, as Whisper wants them. `samples` (from
    `load_audio`) are used for more than two channels only; without them they are decoded here.

    Mono and stereo are decoded with PyAV (FFmpeg), exactly as faster-whisper decodes files:
    libsndfile's Opus decoder gives slightly different samples, enough to change tiny.en's
    digits (bench/transcription_rtf.py showed "212-55-0198" vs "212-555-0198" on a sample).
    """
    if info.channels <= 2:
        try:
            return decode_pyav(data, split_stereo=info.channels == 2)
        except Exception:  # noqa: BLE001 - PyAV raises many types; all mean the same to us
            raise BadInputError("corrupt_audio", "the recording could not be decoded for transcription") from None
    if info.sample_rate != WHISPER_RATE:
        raise BadInputError(
            "unsupported_audio", f"{info.channels}-channel recordings must be 16 kHz (got {info.sample_rate} Hz)"
        )
    floats = to_float(samples if samples is not None else load_audio(data)[1])
    return [np.ascontiguousarray(floats[:, c]) for c in range(info.channels)]


def decode_pyav(data: bytes, split_stereo: bool = False) -> list[np.ndarray]:
    """The samples `faster_whisper.decode_audio` gives (same PyAV resampler, frame grouping and
    scaling), one mono float32 16 kHz array per channel (two with `split_stereo`).

    Unlike it, no `gc.collect()` per file: faster-whisper added that for a PyAV resampler leak
    (its issue #390) that the pinned PyAV no longer has (bench: 300 decodes, flat RSS with the
    collector off), and a full collection in a process holding spaCy, Presidio and Prefect took
    about 0.4 s per file, longer than the decode itself.
    """
    import av
    from faster_whisper.audio import _group_frames, _ignore_invalid_frames, _resample_frames

    resampler = av.audio.resampler.AudioResampler(
        format="s16", layout="stereo" if split_stereo else "mono", rate=WHISPER_RATE)
    raw = io.BytesIO()
    dtype = None
    with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
        frames = _group_frames(_ignore_invalid_frames(container.decode(audio=0)), 500_000)
        for frame in _resample_frames(frames, resampler):
            array = frame.to_ndarray()
            dtype = array.dtype
            raw.write(array)
    audio = np.frombuffer(raw.getbuffer(), dtype=dtype).astype(np.float32) / 32768.0
    return [audio[0::2], audio[1::2]] if split_stereo else [audio]
