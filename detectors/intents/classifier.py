"""A small statistical model of the same six intents, for the wording the rules have not met.

Each customer turn becomes a bag of hashed features: its words, word pairs and triples, the
character 4-grams of its words, and the last words of the agent's turn before it (an answer
"yes go on then" is a request only after "shall I delete your account?"). One logistic
regression per intent (one-vs-rest, class-balanced) scores the turn. `IntentDetector` asks the
model only for the intents its rules did not find in a conversation, and takes the model's
best-scoring customer turn when the probability is at least the threshold: the rules keep their
precision, the model adds recall. It is trained by `tools/train_intent_classifier.py` on the
development corpora (never the evaluation set) and shipped as `models/intents.npz`: sorted
feature ids, their weights per intent, the biases and a JSON header saying what it was trained
on. A file that is missing, truncated or made for another feature set is an error, never a
silent fallback to the rules alone.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from callscrub.errors import ConfigError

FEATURES = "words1-3+char4+agent12/crc32-2^18/v1"  # change it with any change to `features`
DIMENSIONS = 1 << 18
AGENT_WORDS = 12
DEFAULT_MODEL = Path(__file__).with_name("models") / "intents.npz"
TOKEN = re.compile(r"[a-z0-9']+")


def features(text: str, previous_agent: str = "") -> np.ndarray:
    """The sorted, distinct feature ids of a customer turn (and the agent turn before it)."""
    words = TOKEN.findall(text.lower())
    names = set(words)
    names.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    names.update(f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False))
    joined = f" {' '.join(words)} "
    names.update("C:" + joined[i:i + 4] for i in range(len(joined) - 3))
    names.update("A:" + w for w in TOKEN.findall(previous_agent.lower())[-AGENT_WORDS:])
    return np.unique(np.fromiter((zlib.crc32(n.encode()) % DIMENSIONS for n in names), np.int64, len(names)))


@dataclass(frozen=True)
class IntentClassifier:
    intents: tuple[str, ...]
    feature_ids: np.ndarray  # sorted int64: the features seen in training
    weights: np.ndarray      # float32 [len(feature_ids), len(intents)]
    bias: np.ndarray         # float32 [len(intents)]
    header: dict

    def probabilities(self, text: str, previous_agent: str = "") -> np.ndarray:
        """P(intent | turn) for each of `intents`."""
        ids = features(text, previous_agent)
        at = np.searchsorted(self.feature_ids, ids)
        inside = at < len(self.feature_ids)
        at, ids = at[inside], ids[inside]
        known = at[self.feature_ids[at] == ids]
        z = self.bias + self.weights[known].sum(axis=0, dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: Path) -> None:
        header = json.dumps({**self.header, "features": FEATURES, "intents": list(self.intents)})
        with path.open("wb") as f:
            np.savez_compressed(f, feature_ids=self.feature_ids.astype(np.int32), weights=self.weights.astype(np.float16),
                                bias=self.bias.astype(np.float32), header=np.frombuffer(header.encode(), np.uint8))

    @classmethod
    def load(cls, path: Path | None = None, intents: Sequence[str] | None = None) -> IntentClassifier:
        """The model at `path` (default: the bundled one); `intents`, if given, must be the ones it
        was trained for, in order."""
        path = path or DEFAULT_MODEL
        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(bytes(z["header"]).decode())
                ids, weights, bias = z["feature_ids"].astype(np.int64), z["weights"].astype(np.float32), z["bias"]
        except FileNotFoundError:
            raise ConfigError(f"the intent model is missing ({path}); reinstall callscrub, or set "
                              "compliance.intent_model = false to use the rules alone") from None
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            raise ConfigError(f"the intent model at {path} cannot be read ({type(exc).__name__}); retrain it with "
                              "tools/train_intent_classifier.py or reinstall callscrub") from None
        names = tuple(header.get("intents", ()))
        if header.get("features") != FEATURES:
            raise ConfigError(f"the intent model at {path} was made for features {header.get('features')!r}, "
                              f"this code computes {FEATURES!r}; retrain it with tools/train_intent_classifier.py")
        if intents is not None and names != tuple(intents):
            raise ConfigError(f"the intent model at {path} scores {list(names)}, the detector needs {list(intents)}")
        if (ids.ndim != 1 or weights.shape != (len(ids), len(names)) or bias.shape != (len(names),)
                or (len(ids) > 1 and not bool((np.diff(ids) > 0).all()))
                or not (np.isfinite(weights).all() and np.isfinite(bias).all())):
            raise ConfigError(f"the intent model at {path} is malformed; retrain it with tools/train_intent_classifier.py")
        return cls(names, ids, weights, bias, header)


def train(samples: Sequence[tuple[np.ndarray, Sequence[bool]]], intents: Sequence[str], *, l2: float = 1e-3,
          epochs: int = 300, learning_rate: float = 0.05, max_class_weight: float = 10.0, prune: float = 0.01,
          header: dict | None = None, masks: Sequence[Sequence[bool]] | None = None) -> IntentClassifier:
    """One-vs-rest logistic regressions on (feature ids, labels) samples: full-batch Adam, L2,
    classes weighted to balance (capped at `max_class_weight`); features whose weights all stay
    under `prune` are dropped (a 5x smaller file). `masks` (per sample, per intent; False: that
    label is not learnt from, neither as a positive nor as a negative) leave out labels that
    follow another definition. Deterministic for given samples."""
    if not samples:
        raise ValueError("no training samples")
    used = np.unique(np.concatenate([ids for ids, _ in samples]))
    local = [np.searchsorted(used, ids) for ids, _ in samples]
    index = np.concatenate(local)
    starts = np.cumsum([0] + [len(x) for x in local])[:-1]
    rows = np.repeat(np.arange(len(samples)), [len(x) for x in local])
    y = np.array([list(labels) for _, labels in samples], dtype=np.float64)
    mask = np.ones_like(y) if masks is None else np.array([list(m) for m in masks], dtype=np.float64)
    if mask.shape != y.shape:
        raise ValueError("one mask per sample and intent")
    positive = (y * mask).sum(axis=0) / np.maximum(mask.sum(axis=0), 1)
    class_weight = np.minimum(np.where(y > 0, 0.5 / np.maximum(positive, 1e-3), 0.5 / np.maximum(1 - positive, 1e-3)),
                              max_class_weight) * mask
    w = np.zeros((len(used), len(intents)))
    b = np.zeros(len(intents))
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    n = len(samples)
    for epoch in range(1, epochs + 1):
        z = np.add.reduceat(w[index], starts, axis=0) + b
        g = (1.0 / (1.0 + np.exp(-z)) - y) * class_weight / n
        grad_w = np.zeros_like(w)
        np.add.at(grad_w, index, g[rows])
        grad_w += l2 * w
        grad_b = g.sum(axis=0)
        for param, grad, m, v in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= learning_rate * (m / (1 - 0.9**epoch)) / (np.sqrt(v / (1 - 0.999**epoch)) + 1e-8)
    kept = np.abs(w).max(axis=1) >= prune
    return IntentClassifier(tuple(intents), used[kept], w[kept].astype(np.float32), b.astype(np.float32),
                            {**(header or {}), "samples": n, "l2": l2, "epochs": epochs, "prune": prune})
