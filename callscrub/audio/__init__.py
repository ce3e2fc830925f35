"""Audio: decoding and validating recordings, transcription, and redacting spans of audio."""

AUDIO_EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".opus")
