"""Regenerate the bundled sample calls and chats (callscrub/samples/raw) and their truth file.

Needs Debian's espeak-ng and sox (`apt-get install -y espeak-ng sox`). Every value here is
invented; the phone numbers use reserved 555-01xx / Ofcom drama ranges. The truth file lists
the planted values per object: tests check what the *real transcript* contains, never this
script's text (tiny.en garbles some synthetic speech, especially digits).

    python tools/make_samples.py
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

OUT = Path(__file__).resolve().parent.parent / "callscrub" / "samples"
RATE = 16_000
AGENT = ("en-us", "150")
CUSTOMER_F = ("en-us+f3", "145")
CUSTOMER_M = ("en-gb", "140")


def say(text: str, voice: tuple[str, str], tmp: Path) -> np.ndarray:
    wav = tmp / "say.wav"
    subprocess.run(["espeak-ng", "-v", voice[0], "-s", voice[1], "-w", str(wav), text], check=True)
    out = tmp / "say16.wav"
    subprocess.run(["sox", str(wav), "-r", str(RATE), "-b", "16", str(out), "gain", "-n", "-3"], check=True)
    data, rate = sf.read(out, dtype="float32")
    assert rate == RATE
    return data


def gap(seconds: float = 0.6) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def mono_call(turns: list[tuple[tuple[str, str], str]], tmp: Path) -> np.ndarray:
    parts: list[np.ndarray] = []
    for voice, text in turns:
        parts += [say(text, voice, tmp), gap()]
    return np.concatenate(parts)


def stereo_call(turns: list[tuple[int, tuple[str, str], str]], tmp: Path) -> np.ndarray:
    """Each turn on its speaker's channel, silence on the other: a two-channel call recording."""
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for channel, voice, text in turns:
        speech = say(text, voice, tmp)
        silence = np.zeros_like(speech)
        (left if channel == 0 else right).append(speech)
        (right if channel == 0 else left).append(silence)
        left.append(gap())
        right.append(gap())
    return np.stack([np.concatenate(left), np.concatenate(right)], axis=1)


CALLS = {
    "call-0001.ogg": [
        (AGENT, "Thank you for calling Acme Energy. How can I help you today?"),
        (CUSTOMER_F, "Hello, my name is Maria Gonzalez, and my phone is 212-555-0198."),
        (AGENT, "Thank you. Can I also take your email address?"),
        (CUSTOMER_F, "Yes, it is maria dot gonzalez at example dot com."),
        (AGENT, "Thank you, I have updated your account."),
    ],
    "call-0003.flac": [
        (CUSTOMER_M, "Please call me back on 646-555-0175."),
        (CUSTOMER_M, "My other number is five five five, two one three, four four nine eight."),
    ],
}
STEREO = {
    "call-0002.ogg": [
        (0, AGENT, "Good morning, Northwind Bank. Who am I speaking with?"),
        (1, CUSTOMER_M, "This is David Miller. My date of birth is March 4, 1982."),
        (0, AGENT, "Thank you. What is the best number to reach you?"),
        (1, CUSTOMER_M, "My phone is 415-555-0142."),
        (0, AGENT, "Thank you David, your request is logged."),
    ],
}
SIDECARS = {
    "call-0001.json": {"call_id": "C-0001", "caller_number": "+12125550198", "customer_id": "CUST-004417",
                       "email": "maria.gonzalez@example.com", "queue": "billing", "started_at": "2026-11-02T09:14:00Z"},
    "call-0002.json": {"call_id": "C-0002", "caller_number": "+14155550142", "customer_id": "CUST-009921",
                       "queue": "banking", "started_at": "2026-11-03T10:02:00Z"},
}
CHATS = {
    "chat-0001.json": {
        "chat_id": "chat-0001",
        "started_at": "2026-11-04T12:00:00Z",
        "messages": [
            {"ts": "2026-11-04T12:00:05Z", "sender": "agent", "text": "Hi, you are chatting with Acme support. How can I help?"},
            {"ts": "2026-11-04T12:00:40Z", "sender": "customer", "text": "Hi, I'm Emily Clarke. I was charged twice on my card 4111 1111 1111 1111."},
            {"ts": "2026-11-04T12:01:10Z", "sender": "agent", "text": "Sorry about that. What is the email on the account?"},
            {"ts": "2026-11-04T12:01:30Z", "sender": "customer", "text": "emily.clarke@example.org, or call me on +44 20 7946 0958"},
        ],
    },
    "chat-0002.json": {
        "Version": "2019-08-26",
        "ContactId": "1d5a2c8e-0000-4000-8000-000000000002",
        "Participants": [
            {"ParticipantId": "p-agent", "DisplayName": "Agent", "ParticipantRole": "AGENT"},
            {"ParticipantId": "p-cust", "DisplayName": "Robert Chen", "ParticipantRole": "CUSTOMER"},
        ],
        "Transcript": [
            {"AbsoluteTime": "2026-11-05T08:30:00.000Z", "ContentType": "application/vnd.amazonaws.connect.event.participant.joined",
             "Id": "e1", "Type": "EVENT", "ParticipantId": "p-cust", "DisplayName": "Robert Chen", "ParticipantRole": "CUSTOMER"},
            {"AbsoluteTime": "2026-11-05T08:30:04.000Z", "Content": "I need to update my details. My email is robert.chen@example.net",
             "ContentType": "text/plain", "Id": "m1", "Type": "MESSAGE", "ParticipantId": "p-cust", "DisplayName": "Robert Chen", "ParticipantRole": "CUSTOMER"},
            {"AbsoluteTime": "2026-11-05T08:30:20.000Z", "Content": "Sure. And a phone number?",
             "ContentType": "text/plain", "Id": "m2", "Type": "MESSAGE", "ParticipantId": "p-agent", "DisplayName": "Agent", "ParticipantRole": "AGENT"},
            {"AbsoluteTime": "2026-11-05T08:30:41.000Z", "Content": "It's (312) 555-0163",
             "ContentType": "text/plain", "Id": "m3", "Type": "MESSAGE", "ParticipantId": "p-cust", "DisplayName": "Robert Chen", "ParticipantRole": "CUSTOMER"},
        ],
    },
}
CSV_CHATS = {
    "chat-0003.csv": [
        ("2026-11-06T14:00:00Z", "agent", "Welcome to Northwind. Who am I chatting with?"),
        ("2026-11-06T14:00:21Z", "customer", "Priya Patel. Please update my card to 5555 5555 5555 4444"),
        ("2026-11-06T14:00:50Z", "customer", "and my email to priya.patel@example.com, thanks"),
    ],
}
TRUTH = {
    "call-0001.ogg": [("PERSON", "Maria Gonzalez"), ("PHONE_NUMBER", "212-555-0198"),
                      ("EMAIL_ADDRESS", "maria.gonzalez@example.com")],
    "call-0002.ogg": [("PERSON", "David Miller"), ("DATE_OF_BIRTH", "March 4, 1982"), ("PHONE_NUMBER", "415-555-0142")],
    "call-0003.flac": [("PHONE_NUMBER", "646-555-0175"), ("PHONE_NUMBER", "555-213-4498")],
    "chat-0001.json": [("PERSON", "Emily Clarke"), ("CREDIT_CARD", "4111 1111 1111 1111"),
                       ("EMAIL_ADDRESS", "emily.clarke@example.org"), ("PHONE_NUMBER", "+44 20 7946 0958")],
    "chat-0002.json": [("PERSON", "Robert Chen"), ("EMAIL_ADDRESS", "robert.chen@example.net"),
                       ("PHONE_NUMBER", "(312) 555-0163")],
    "chat-0003.csv": [("PERSON", "Priya Patel"), ("CREDIT_CARD", "5555 5555 5555 4444"),
                      ("EMAIL_ADDRESS", "priya.patel@example.com")],
}


def write_audio(path: Path, samples: np.ndarray) -> None:
    if path.suffix == ".flac":
        sf.write(path, samples, RATE, format="FLAC", subtype="PCM_16")
    else:  # Ogg Opus keeps the bundle small (a few tens of kB per call)
        sf.write(path, samples, RATE, format="OGG", subtype="OPUS")


def main() -> None:
    raw = OUT / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for name, turns in CALLS.items():
            write_audio(raw / name, mono_call(turns, tmp))
        for name, stereo_turns in STEREO.items():
            write_audio(raw / name, stereo_call(stereo_turns, tmp))
    for name, meta in SIDECARS.items():
        (raw / name).write_text(json.dumps(meta, indent=1) + "\n")
    for name, chat in CHATS.items():
        (raw / name).write_text(json.dumps(chat, indent=1) + "\n")
    for name, rows in CSV_CHATS.items():
        import csv

        with (raw / name).open("w", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["ts", "sender", "text"])
            writer.writerows(rows)
    truth = {name: [{"entity_type": t, "value": v} for t, v in items] for name, items in TRUTH.items()}
    (OUT / "truth.json").write_text(json.dumps(truth, indent=1) + "\n")
    for p in sorted(raw.iterdir()):
        print(f"{p.name:18} {p.stat().st_size:>8} bytes")


if __name__ == "__main__":
    main()
