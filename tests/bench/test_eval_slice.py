"""The detection-evaluation harness (bench/eval_detection.py): its own arithmetic on hand-made cases,
and a real run of both systems over the first items of each committed corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.eval_detection import CORPORA, GROUPS, evaluate, leaks, score_item  # noqa: E402

pytestmark = pytest.mark.slow
SLICE = 40


def write_corpus(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(it) + "\n" for it in items))
    return path


def item(text: str, values: list[tuple[str, str]], iid: str = "chat-x", context: str | None = None) -> dict:
    """An item labelling each (substring, type) of `text`."""
    labels = []
    for value, typ in values:
        start = text.index(value)
        labels.append({"start": start, "end": start + len(value), "type": typ})
    return {"id": iid, "text": text, "context": context, "labels": labels, "category": "x", "value": None}


def detect(*substrings: str):  # noqa: ANN201 - a System
    """A fake system that detects the given substrings wherever they occur."""
    def system(text: str, context: list[str] | None) -> list[tuple[int, int, str]]:
        out = []
        for s in substrings:
            i = text.find(s)
            if i >= 0:
                out.append((i, i + len(s), "FAKE"))
        return out
    return system


# ---------------------------------------------------------------- leak rules


@pytest.mark.parametrize(("redacted", "leaked"), [
    ("my number is 555 213 4498 thanks", True),        # nothing redacted
    ("my number is [X] thanks", False),                # all redacted
    ("my number is 555 213 [X] thanks", True),         # 6 digits survive
    ("my number is [X]98 thanks", False),              # 2 digits survive
    ("my number is 55[X]44[X] thanks", False),         # never 4 in a row
    ("my number is [X] 4498 thanks", True),            # the last four survive
])
def test_number_leak_typed(redacted: str, leaked: bool) -> None:
    assert leaks("PHONE_NUMBER", "555 213 4498", redacted) is leaked


def test_number_leak_spoken_digits_both_sides() -> None:
    label = "five five five, two one three, four four nine eight"
    assert leaks("PHONE_NUMBER", label, "it's [X] four four nine eight thanks")
    assert not leaks("PHONE_NUMBER", label, "it's [X] nine eight thanks")
    assert leaks("CREDIT_CARD", "4111 1111 1111 1234", "card [X] one two three four")


def test_email_name_and_token_leaks() -> None:
    spoken = "john dot smith at gmail dot com"
    assert leaks("EMAIL_ADDRESS", spoken, "email john dot smith at [X]")
    assert not leaks("EMAIL_ADDRESS", spoken, "email [X] at gmail dot com")
    assert leaks("EMAIL_ADDRESS", "John.Smith@gmail.com", "mail johnsmith [X]")
    assert leaks("PERSON", "John Smith", "my name is John [X]") is False  # the surname is what counts
    assert leaks("PERSON", "John Smith", "my name is [X] Smith")
    assert leaks("PERSON", "Smith", "that's S M I T H")  # spelled out
    assert not leaks("PERSON", "Smith", "I'm a locksmith [X]")  # whole words only
    assert leaks("POSTCODE", "SW1A 1AA", "postcode [X] 1AA")
    assert not leaks("POSTCODE", "SW1A 1AA", "postcode [X]")


# ---------------------------------------------------------------- item and corpus arithmetic


def test_score_item_counts_recall_precision_and_over_redaction() -> None:
    it = item("hi my number is 555 213 4498 thanks bye", [("555 213 4498", "PHONE_NUMBER")])
    sc = score_item(it, [(16, 19, "X"), (0, 2, "X")])  # "555" and "hi"
    assert sc["spans"] == 2 and sc["spans_on_label"] == 1
    assert sc["labels"][0]["recalled"] is True
    assert sc["labels"][0]["leaked"] is True  # "213 4498" survives
    assert sc["outside_words"] == 6 and sc["over_redacted_words"] == 1  # "hi" of hi/my/number/is/thanks/bye


def test_evaluate_on_a_hand_made_corpus(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "eval_chat.jsonl", [
        item("my number is 555 213 4498 thanks", [("555 213 4498", "PHONE_NUMBER")], "chat-1"),
        item("email john.smith@gmail.com", [("john.smith@gmail.com", "EMAIL_ADDRESS")], "chat-2"),
        item("my name is John Smith", [("John Smith", "PERSON")], "chat-3"),
        item("press one for billing", [], "chat-4"),
    ])
    perfect = detect("555 213 4498", "john.smith@gmail.com", "John Smith")
    sloppy = detect("4498", "gmail.com", "John", "press", "billing")
    res = evaluate(corpus, {"perfect": perfect, "sloppy": sloppy})
    assert res["corpus"] == "chat" and res["items"] == 4 and res["labels"] == 3 and res["distractors"] == 1
    p, s = res["systems"]["perfect"], res["systems"]["sloppy"]
    for g in GROUPS:
        assert p["groups"][g]["leak_rate"] == 0.0 and p["groups"][g]["recall"] == 1.0
        assert p["groups"][g]["precision"] == 1.0
        assert s["groups"][g]["leak_rate"] == 1.0 and s["groups"][g]["recall"] == 1.0
    assert p["over_redaction"] == {"all": 0.0, "distractors": 0.0}
    # sloppy: outside words = my/number/is/thanks + email + my/name/is + press/one/for/billing = 12
    assert s["over_redaction"]["all"] == pytest.approx(2 / 12)
    assert s["over_redaction"]["distractors"] == pytest.approx(2 / 4)
    assert s["groups"]["all"]["precision"] == pytest.approx(3 / 5)
    assert p["throughput"]["texts_per_s"] > 0 and p["throughput"]["chars_per_s"] > 0
    assert res["targets"] == []  # targets are for "callscrub" only


def test_context_words_reach_the_system(tmp_path: Path) -> None:
    seen: list = []

    def spy(text: str, context: list[str] | None) -> list[tuple[int, int, str]]:
        seen.append(context)
        return []

    corpus = write_corpus(tmp_path / "eval_asr.jsonl", [
        item("it's four one one one", [("four one one one", "CREDIT_CARD")], "asr-1",
             context="Can you read me the card number?"),
        item("thanks", [], "asr-2"),
    ])
    res = evaluate(corpus, {"spy": spy})
    assert res["corpus"] == "asr"
    assert ["can", "you", "read", "me", "the", "card", "number"] in seen and None in seen


# ---------------------------------------------------------------- a real slice of both corpora


@pytest.fixture(scope="module")
def slice_results() -> dict[str, dict]:
    return {kind: evaluate(CORPORA[kind], ["callscrub", "stock-presidio"], limit=SLICE) for kind in CORPORA}


@pytest.mark.parametrize("kind", list(CORPORA))
def test_slice_produces_every_metric(slice_results: dict[str, dict], kind: str) -> None:
    res = slice_results[kind]
    assert res["items"] == SLICE and res["labels"] > 0 and res["distractors"] > 0
    for name in ("callscrub", "stock-presidio"):
        m = res["systems"][name]
        assert "error" not in m, m.get("error")
        for g in [*GROUPS, "all"]:
            for key in ("recall", "precision", "f2", "leak_rate"):
                v = m["groups"][g][key]
                assert v is None or 0.0 <= v <= 1.0, (name, g, key, v)
            assert m["groups"][g]["leak_rate"] is not None or m["groups"][g]["n"] == 0
        assert m["types"], name
        assert 0.0 <= m["over_redaction"]["all"] <= 1.0
        assert m["throughput"]["texts_per_s"] > 0 and m["throughput"]["chars_per_s"] > 0
    assert res["throughput_ratio"] > 0
    assert {t["name"] for t in res["targets"]} >= {"numbers leak rate", "emails leak rate", "over-redaction",
                                                   "throughput ratio callscrub/stock"}


def test_callscrub_leaks_no_more_numbers_than_stock_on_asr(slice_results: dict[str, dict]) -> None:
    systems = slice_results["asr"]["systems"]
    ours, stock = systems["callscrub"], systems["stock-presidio"]
    assert "error" not in ours, ours.get("error")
    assert ours["groups"]["numbers"]["leak_rate"] <= stock["groups"]["numbers"]["leak_rate"]
