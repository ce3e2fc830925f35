"""Write notebooks/dpo.ipynb (outputs cleared). Run from the repo root: python make_dpo_notebook.py"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()

cells = [
    new_markdown_cell(
        "# A data subject's request: where their data lives, and what erasure would touch\n"
        "\n"
        "For the DPO. Type the value the data subject gave you (an e-mail, phone number, customer id or\n"
        "name) below. The notebook keys it with the deployment's secret and looks it up in the **subject\n"
        "index**, with the same code as `callscrub subject find` (`lookup_keys`, `IndexReader.find`,\n"
        "`IndexReader.linked` to follow identity links). The index holds keyed hashes and places, never\n"
        "values: nothing below shows a value other than the one you typed.\n"
        "\n"
        "By default it reads the demo deployment (`./callscrub-demo`, from `make demo`); set\n"
        "`CALLSCRUB_ROOT` to point elsewhere. The secret comes from that root's `callscrub.toml`."
    ),
    new_code_cell(
        '# What the data subject gave you. ID_TYPE: "email", "phone", "customer_id" or "name";\n'
        "# None guesses it from VALUE.\n"
        'VALUE = "maria.gonzalez@example.com"\n'
        "ID_TYPE = None\n"
        "EXPAND = True  # follow identity links: e-mail -> phone -> customer id seen together in metadata"
    ),
    new_code_cell(
        "import html\n"
        "import os\n"
        "import re\n"
        "from collections import Counter, defaultdict\n"
        "from pathlib import Path\n"
        "\n"
        "from IPython.display import HTML, display\n"
        "\n"
        "from callscrub.config import load_settings\n"
        "from pipelines.cli_index import _index_store, _zone_of, lookup_keys\n"
        "from pipelines.discover_report import svg_bar_chart\n"
        "from storage.index.reader import IndexReader\n"
        "from storage.uri import parse_uri\n"
        "\n"
        'root = Path(os.environ.get("CALLSCRUB_ROOT", "callscrub-demo")).resolve()\n'
        'config = root / "callscrub.toml"\n'
        'assert config.is_file(), f"no callscrub.toml under {root}: run `make demo` first"\n'
        "# The root as a URI, as the index records object URIs (CALLSCRUB_ROOT may be a bare path).\n"
        "settings = load_settings(config, root=str(parse_uri(root)))\n"
        'base = settings.root.rstrip("/") + "/"\n'
        "\n"
        "\n"
        "def guess_type(value: str) -> str:\n"
        '    v = value.strip()\n'
        '    if "@" in v:\n'
        '        return "email"\n'
        '    if sum(ch.isdigit() for ch in v) >= 7 and re.fullmatch(r"[\\d\\s()+.-]+", v):\n'
        '        return "phone"\n'
        '    if any(ch.isdigit() for ch in v):\n'
        '        return "customer_id"\n'
        '    return "name"'
    ),
    new_markdown_cell("## Look the subject up"),
    new_code_cell(
        "id_type = ID_TYPE or guess_type(VALUE)\n"
        "keys = lookup_keys(settings, {id_type: VALUE})  # ConfigError if the value is not a usable id_type\n"
        "reader = IndexReader(_index_store(settings))\n"
        "wanted = {key: t for t, key in keys}\n"
        "linked = reader.linked(list(wanted)) if EXPAND else {}\n"
        "rows = reader.find([*wanted, *linked]).to_pylist()\n"
        "for r in rows:\n"
        '    r["zone"] = _zone_of(settings, r["object_uri"])\n'
        "\n"
        "by_object = defaultdict(list)\n"
        "for r in rows:\n"
        '    by_object[r["object_uri"]].append(r)\n'
        'zones = Counter(rs[0]["zone"] for rs in by_object.values())\n'
        'print(f"looked up the {id_type} you typed: {VALUE}")\n'
        'print(f"linked identifiers followed: {len(linked)} ({\', \'.join(sorted(set(linked.values()))) or \'none\'})")\n'
        'print(f"found in {len(by_object)} objects across {len(zones)} zones "\n'
        '      f"({\', \'.join(f\'{z} {n}\' for z, n in sorted(zones.items())) or \'nothing found\'}); {len(rows)} index rows")'
    ),
    new_markdown_cell(
        "## Where their data lives\n"
        "\n"
        "One row per object: its zone, its key under the root, its kind, the subject's role in it\n"
        "(`primary`: the object is about them; `self_disclosed`: they said or typed it; `mentioned`:\n"
        "someone else said it), which of their identifiers it holds and how many places (spans)."
    ),
    new_code_cell(
        "def where(r: dict) -> str:\n"
        '    if r["t_start"] is not None:\n'
        '        return f"{r[\'t_start\']:.1f}-{r[\'t_end\']:.1f}s"\n'
        '    if r["turn"] is not None:\n'
        '        return f"message {r[\'turn\']}"\n'
        '    return "whole object"\n'
        "\n"
        "\n"
        "table = []\n"
        "for uri, rs in sorted(by_object.items(), key=lambda kv: (kv[1][0]['zone'], kv[0])):\n"
        "    table.append({\n"
        '        "zone": rs[0]["zone"], "object": uri.removeprefix(base), "kind": rs[0]["object_kind"],\n'
        '        "roles": ", ".join(sorted({r["role"] for r in rs})),\n'
        '        "identifiers": ", ".join(sorted({r["identifier_type"] for r in rs})),\n'
        '        "places": ", ".join(dict.fromkeys(where(r) for r in rs)),\n'
        '        "last seen": max(r["observed_at"] for r in rs).strftime("%Y-%m-%d %H:%M"),\n'
        "    })\n"
        "\n"
        'cols = ["zone", "object", "kind", "roles", "identifiers", "places", "last seen"]\n'
        'head = "".join(f"<th style=\'text-align:left;padding:4px 10px\'>{c}</th>" for c in cols)\n'
        'body = "".join(\n'
        '    "<tr>" + "".join(f"<td style=\'padding:4px 10px\'>{html.escape(str(row[c]))}</td>" for c in cols) + "</tr>"\n'
        "    for row in table\n"
        ")\n"
        'display(HTML(f"<table><tr>{head}</tr>{body}</table>"))\n'
        "for row in table:\n"
        '    print(f"{row[\'zone\']:<10} {row[\'kind\']:<20} {row[\'roles\']:<28} {row[\'object\']}")'
    ),
    new_code_cell(
        "objects_per_zone = {z: zones[z] for z in sorted(zones)}\n"
        "rows_per_identifier = Counter(r['identifier_type'] for r in rows)\n"
        "rows_per_role = Counter(r['role'] for r in rows)\n"
        "charts = {\n"
        '    "Objects per zone": objects_per_zone,\n'
        '    "Index rows by identifier": dict(rows_per_identifier.most_common()),\n'
        '    "Index rows by role": dict(rows_per_role.most_common()),\n'
        "}\n"
        "display(HTML(\n"
        "    \"<div style='display:flex;gap:24px;flex-wrap:wrap'>\"\n"
        "    + \"\".join(f\"<div><b>{html.escape(t)}</b><br>{svg_bar_chart(t, d, width=380)}</div>\" for t, d in charts.items())\n"
        '    + "</div>"\n'
        "))"
    ),
    new_markdown_cell(
        "## What an erasure would touch\n"
        "\n"
        "The real plan, as `callscrub subject erase --dry-run` prints it (`plan_erasure`): conversations\n"
        "that are theirs are **deleted** (the recording or chat and everything derived from it, every\n"
        "version); conversations that only mention them have their spans **redacted** in place; legal\n"
        "holds keep what they cover. Nothing is changed by this cell."
    ),
    new_code_cell(
        "from pipelines.dsr.erase import plan_erasure\n"
        "from pipelines.flows import layout_for\n"
        "\n"
        "layout = layout_for(settings)\n"
        "plan = plan_erasure(layout, settings, wanted)\n"
        "deleting = [u for i in plan.items if i.action == 'delete' for u in i.objects]\n"
        "counts = plan.counts()\n"
        "print(f\"erasure would delete {len(deleting)} object(s) in {counts['delete']} conversation(s), \"\n"
        "      f\"redact {sum(len(i.spans) for i in plan.items if i.action == 'redact')} span(s) in \"\n"
        "      f\"{counts['redact']} conversation(s); {counts['held']} held by a legal hold\")\n"
        "for item in plan.items:\n"
        "    print(f\"  {item.action:<7} {item.kind:<10} {item.source_uri.removeprefix(base)}  (they are {item.role})\")\n"
        "    for uri in (item.objects if item.action == 'delete' else []):\n"
        "        print(f\"            delete {uri.removeprefix(base)}\")\n"
        "    for s in (item.spans if item.action == 'redact' else []):\n"
        "        print(f\"            redact {s.entity_type} in turn {s.turn}\")"
    ),
    new_markdown_cell(
        "## Answer the request\n"
        "\n"
        "Set `ACTION` to `\"access\"` or `\"portability\"` (a zip in the governance zone: manifest,\n"
        "their recordings and transcripts, the turns that mention them, other people's data redacted)\n"
        "or `\"erasure\"` (the plan above, carried out, verified and certified). The request is queued\n"
        "and processed exactly as `callscrub requests submit` + `process` would: audited, resumable.\n"
        "`CALLSCRUB_DPO_ACTION` sets it from outside."
    ),
    new_code_cell(
        "ACTION = os.environ.get('CALLSCRUB_DPO_ACTION', 'none')  # none | access | portability | erasure\n"
        "\n"
        "from pipelines.dsr.queue import process, submit\n"
        "\n"
        "if ACTION in ('access', 'portability', 'erasure'):\n"
        "    record = submit(layout, settings, ACTION, {id_type: VALUE})\n"
        "    result = process(layout, settings, record.id)\n"
        "    if ACTION == 'erasure':\n"
        "        print(f\"request {record.id}: deleted {result['delete']}, redacted {result['redact']}, \"\n"
        "              f\"held {result['held']}; {result['versions_removed']} version(s) removed; \"\n"
        "              f\"verified: {result['verified']}; certificate: {result['certificate'].removeprefix(base)}\")\n"
        "    else:\n"
        "        print(f\"request {record.id}: {result['objects']} conversation(s), {result['files']} file(s) \"\n"
        "              f\"in {result['export'].removeprefix(str(root) + '/')}\")\n"
        "else:\n"
        "    print('no request made (set ACTION to access, portability or erasure)')"
    ),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
})
for cell in nb.cells:
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
nbformat.validate(nb)
nbformat.write(nb, REPO / "notebooks" / "dpo.ipynb")
print("wrote", REPO / "notebooks" / "dpo.ipynb")
