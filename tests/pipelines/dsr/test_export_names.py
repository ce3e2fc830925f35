"""Whose name is it, in a subject's own conversation: their name split by the recogniser into
adjacent spans is still theirs; someone else's is not."""

from __future__ import annotations

from callscrub.config import Settings
from callscrub.records import Detection
from pipelines.dsr.export import _own_name, _theirs

TEXT = "hi it's maria gonzalez and my friend maria smith said to call"


def _person(start: int, end: int, speaker: str = "customer") -> Detection:
    return Detection("PERSON", 0.85, "SpacyRecognizer", 0, start, end, speaker=speaker)


def _value(d: Detection) -> str:
    return TEXT[d.char_start:d.char_end]


def test_a_name_split_into_adjacent_spans_is_theirs_and_another_persons_is_not() -> None:
    split = [_person(8, 13), _person(14, 22), _person(37, 48)]  # "maria" "gonzalez" ... "maria smith"
    own = _own_name(split, _value)
    assert own == "maria gonzalez"
    settings = Settings(secret_key="k" * 40)
    theirs = [_theirs(settings, {}, d, _value(d), True, own) for d in split]
    assert theirs == [True, True, False]
    assert _own_name([_person(8, 22)], _value) == "maria gonzalez"  # one span: the same
    assert _own_name([_person(8, 13, "agent")], _value) is None
