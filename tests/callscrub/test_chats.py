from __future__ import annotations

import json
from pathlib import Path

import pytest

from callscrub.chats import parse_chat
from callscrub.errors import BadInputError


def _upper(texts: list[str]) -> list[str]:
    return [t.upper() for t in texts]


def test_generic_round_trip_keeps_structure(samples_raw: Path) -> None:
    raw = (samples_raw / "chat-0001.json").read_bytes()
    doc = parse_chat(raw, ".json")
    assert doc.format == "generic" and doc.chat_id == "chat-0001"
    assert [m.sender for m in doc.messages] == ["agent", "customer", "agent", "customer"]
    out = json.loads(doc.render(_upper([m.text for m in doc.messages]), str))
    original = json.loads(raw)
    assert out["started_at"] == original["started_at"]
    assert [m["ts"] for m in out["messages"]] == [m["ts"] for m in original["messages"]]
    assert out["messages"][1]["text"] == original["messages"][1]["text"].upper()


def test_connect_redacts_customer_display_names(samples_raw: Path) -> None:
    doc = parse_chat((samples_raw / "chat-0002.json").read_bytes(), ".json")
    assert doc.format == "connect"
    assert [m.sender for m in doc.messages] == ["customer", "agent", "customer"]
    out = json.loads(doc.render([m.text for m in doc.messages], lambda name: "[PERSON]"))
    names = {p["ParticipantRole"]: p["DisplayName"] for p in out["Participants"]}
    assert names == {"AGENT": "Agent", "CUSTOMER": "[PERSON]"}
    assert "Robert Chen" not in json.dumps(out)
    assert out["Transcript"][0]["Type"] == "EVENT"


def test_csv_round_trip(samples_raw: Path) -> None:
    doc = parse_chat((samples_raw / "chat-0003.csv").read_bytes(), ".csv")
    assert doc.format == "csv" and len(doc.messages) == 3
    out = doc.render(["a", "b, with comma", "c"], str).decode()
    assert out.splitlines()[0] == "ts,sender,text"
    assert out.splitlines()[2].endswith('"b, with comma"')


@pytest.mark.parametrize(
    ("data", "ext", "code"),
    [
        (b"", ".json", "empty"),
        (b'{"messages": [', ".json", "malformed_json"),
        (b"\xff\xfe\x00bad", ".json", "invalid_utf8"),
        (b'{"hello": 1}', ".json", "unsupported_chat_format"),
        (b'{"messages": [{"ts": "t", "sender": "s", "text": 5}]}', ".json", "malformed_chat"),
        (b"when,who,what\n1,2,3\n", ".csv", "malformed_chat"),
        (b"ts,sender,text\n1,2\n", ".csv", "malformed_chat"),
        (b"ts,sender,text\n1,2,caf\xe9\n", ".csv", "invalid_utf8"),
    ],
)
def test_malformed_chats_are_bad_input(data: bytes, ext: str, code: str) -> None:
    with pytest.raises(BadInputError) as exc:
        parse_chat(data, ext)
    assert exc.value.code == code
