"""Access and portability exports: what is in the zip, checked against the samples' truth and the
real transcripts; other people's data redacted; only mentioning turns from others' conversations."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from pipelines.dsr.queue import process, submit
from tests.pipelines.dsr.conftest import MARIA, Deployment

pytestmark = pytest.mark.slow


def _export(dep: Deployment, kind: str = "access", **ids: str) -> tuple[zipfile.ZipFile, dict]:
    record = submit(dep.layout, dep.settings, kind, ids)
    out = process(dep.layout, dep.settings, record.id)
    assert out["export"] == str(dep.live / "governance" / "exports" / f"{record.id}.zip")  # local: a path
    archive = zipfile.ZipFile(io.BytesIO((dep.live / "governance" / "exports" / f"{record.id}.zip").read_bytes()))
    return archive, json.loads(archive.read("manifest.json"))


def test_access_export_holds_their_call_and_only_the_turns_that_mention_them(deployment: Deployment,
                                                                           truth: dict) -> None:
    dep = deployment
    archive, manifest = _export(dep, email=MARIA["email"])
    assert (manifest["schema"], manifest["schema_version"]) == ("callscrub.subject-export", 1)
    assert manifest["subject"]["identifiers"] == [{"type": "email", "value": MARIA["email"]}]
    assert manifest["subject"]["linked_identifier_types"] == ["customer_id", "phone"]
    names = set(archive.namelist())
    assert {"recordings/call-0001.ogg", "metadata/call-0001.json", "transcripts/call-0001.ogg.json",
            "transcripts/call-0001.ogg.txt", "mentions/call-0004.flac.json", "mentions/chat-tom.json",
            "records.csv"} <= names
    assert not any("chat-0001" in n for n in names)  # Emily's chat is not hers

    # Her recording is the original; her transcript holds her values as the real transcript has them.
    assert archive.read("recordings/call-0001.ogg") == (dep.live / "raw" / "call-0001.ogg").read_bytes()
    private = (dep.live / "private" / "transcripts" / "call-0001.ogg.json").read_text()
    exported = archive.read("transcripts/call-0001.ogg.txt").decode()
    for item in truth["call-0001.ogg"]:
        if item["value"] in private:  # tiny.en garbles some (the e-mail): assert on what it heard
            assert item["value"] in exported, item["entity_type"]
    assert "Maria Gonzalez" in exported and "212-555-0198" in exported

    # John's call: only the turn with her number, and nothing of John.
    mention = json.loads(archive.read("mentions/call-0004.flac.json"))
    assert len(mention["turns"]) == 1 and "212-555-0198" in mention["turns"][0]["text"]
    assert "John" not in archive.read("mentions/call-0004.flac.txt").decode()
    # Tom's chat: only the message with her e-mail; Tom's name and e-mail are not hers to see.
    chat = json.loads(archive.read("mentions/chat-tom.json"))
    assert [m["message"] for m in chat["messages"]] == [2]
    assert MARIA["email"] in chat["messages"][0]["text"]
    whole = b"".join(archive.read(n) for n in names)
    assert b"tom.reed@example.com" not in whole and b"Tom Reed" not in whole

    rows = list(csv.DictReader(io.StringIO(archive.read("records.csv").decode())))
    assert {r["role"] for r in rows} >= {"primary", "self_disclosed"}
    assert {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
    by_source = {o["source"].rsplit("/", 1)[-1]: o for o in manifest["objects"]}
    assert by_source["call-0001.ogg"]["theirs"] and not by_source["call-0004.flac"]["theirs"]


def test_a_chat_is_theirs_when_every_identity_the_customer_typed_is_theirs(deployment: Deployment) -> None:
    dep = deployment
    archive, _ = _export(dep, "portability", email="emily.clarke@example.org", phone="+44 20 7946 0958")
    chat = json.loads(archive.read("chats/chat-0001.json"))
    assert len(chat["messages"]) == 4 and "4111 1111 1111 1111" in chat["messages"][1]["text"]
    assert "Emily Clarke" in chat["messages"][1]["text"]  # her own name, in her own chat
    # With the e-mail alone the phone number typed next to it could be anyone's: only her message.
    archive, _ = _export(dep, email="emily.clarke@example.org")
    assert "chats/chat-0001.json" not in archive.namelist()
    messages = json.loads(archive.read("mentions/chat-0001.json"))["messages"]
    assert [m["message"] for m in messages] == [3] and "+44 20 7946 0958" not in messages[0]["text"]
