"""Generate long-call.ogg (+ .json sidecar): a four-minute two-channel support call for the benchmarks.

The bundled samples are 15-27 s calls with personal data in almost every turn: the worst case
for what the pipeline adds to transcription (every turn is redacted, so verification re-hears
most of the audio). Real contact-centre calls last minutes and carry personal data in a few
turns (identification, a callback number). This call is one of those: an agent (left channel)
and a customer (right), identification up front, a long billing conversation, a new phone number
near the end. Every value is invented (the Ofcom drama range 07700 900xxx). Needs Debian's
espeak-ng and sox (`apt-get install -y espeak-ng sox`). Not committed: at a bitrate small enough
to commit, libsndfile's Opus encoder mixes the channels (the agent is heard on the customer's
channel), so bench/pipeline_throughput.py builds it into its work folder.

    python tools/make_bench_call.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import AGENT, CUSTOMER_M, RATE, stereo_call  # noqa: E402

A, C = (0, AGENT), (1, CUSTOMER_M)
SCRIPT = [
    (A, "Good afternoon, thank you for calling Northwind Energy, this call is recorded for quality and training. "
        "My name is Sam, how can I help you today?"),
    (C, "Hi Sam. I've had a letter about my bill going up and I don't really understand why, so I thought I'd ring."),
    (A, "Of course, I can look into that for you. Before I do, can I take your full name please?"),
    (C, "Yes, it's Thomas Whitaker."),
    (A, "Thank you Thomas. And can you confirm your date of birth for me?"),
    (C, "The twelfth of June, nineteen seventy nine."),
    (A, "Lovely, and the first line of your address and the postcode?"),
    (C, "Fourteen Elm Grove, and the postcode is L S six, three A B."),
    (A, "Thank you, that's you through security. Let me bring up the account. It's loading now, bear with me."),
    (C, "No problem, take your time."),
    (A, "Okay, I can see the letter you mean. It was sent on the third of the month and it explains the new "
        "direct debit amount. The short version is that your usage over the winter was higher than we estimated."),
    (C, "Right, but I haven't changed anything. We've had the same heating on as last year, same routine."),
    (A, "I understand. What often happens is that the estimate was based on a milder winter, and the readings "
        "we got in February were a bit higher than expected. Have you been sending us meter readings?"),
    (C, "Not really, to be honest. I thought the smart meter did that by itself."),
    (A, "It should do, but it looks like your smart meter stopped sending readings in November. "
        "So for a few months we were estimating again, and the estimates were on the low side."),
    (C, "Oh, I didn't know that. Nobody told me it had stopped."),
    (A, "I'm sorry about that, we should have written to you. What I can do today is book an engineer to "
        "look at the meter, and in the meantime, if you can read it yourself once a month, that keeps the "
        "bills accurate."),
    (C, "Okay, that makes sense. How do I read it? Is it the big number on the display?"),
    (A, "Yes, press the button marked A and you'll see the reading in kilowatt hours. It's the number "
        "before the decimal point. You can send it to us through the app or on the website."),
    (C, "Right. And what about the bill itself? It's gone up by quite a lot."),
    (A, "It has. Your monthly payment is going from sixty two pounds to eighty four pounds. That covers "
        "the shortfall from the winter, spread over the next twelve months, and your expected usage."),
    (C, "That's a big jump. Is there any way to spread it out more?"),
    (A, "There is. I can spread the shortfall over eighteen months instead of twelve, which would bring "
        "the payment down to about seventy seven pounds. Would that help?"),
    (C, "Yes, that would be better. Let's do that."),
    (A, "Okay, I've made that change. Your next payment on the first of next month will be seventy seven "
        "pounds, and we'll review it again in six months with the new readings."),
    (C, "Thank you. And the engineer, when can they come?"),
    (A, "The earliest I have is next Tuesday, morning or afternoon. Which would suit you?"),
    (C, "Afternoon would be best, I work from home on Tuesdays."),
    (A, "Great, I've booked Tuesday afternoon, between one and five. The engineer will call about half an "
        "hour before they arrive. What's the best number for them to reach you on?"),
    (C, "It's best on my mobile, that's zero seven seven zero zero, nine double zero, one two three."),
    (A, "Thank you, I've added that to the booking. Is there anything else I can help you with today?"),
    (C, "No, I think that's everything. Thanks for explaining it all, it makes more sense now."),
    (A, "You're welcome Thomas. You'll get an email confirming the new payment and the engineer visit. "
        "Have a lovely afternoon."),
    (C, "You too, bye."),
]
SIDECAR = {"call_id": "C-9001", "caller_number": "+447700900123", "customer_id": "CUST-731104",
           "queue": "energy", "started_at": "2026-11-05T14:20:00Z"}


def build(out: Path) -> Path:
    """Write long-call.ogg and long-call.json into `out`; returns the recording's path."""
    with tempfile.TemporaryDirectory() as tmp:
        audio = stereo_call([(ch, voice, text) for (ch, voice), text in SCRIPT], Path(tmp))
    out.mkdir(parents=True, exist_ok=True)
    sf.write(out / "long-call.ogg", audio, RATE, format="OGG", subtype="OPUS")
    (out / "long-call.json").write_text(json.dumps(SIDECAR, indent=1) + "\n")
    return out / "long-call.ogg"


def main() -> None:
    path = build(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
    info = sf.info(str(path))
    print(f"{path}: {info.duration:.1f} s, {info.channels} channels, {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
