"""Write notebooks/supervisor.ipynb (outputs cleared). Run from the repo root: python tools/make_supervisor_notebook.py"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()

cells = [
    new_markdown_cell(
        "# Compliance monitoring: how agents handle procedures and rights requests\n"
        "\n"
        "For supervisors. Reads the compliance tables of the **redacted** zone\n"
        "(`redacted/compliance/checks/` and `redacted/compliance/requests/`, one Parquet file per\n"
        "conversation: keyed conversation and agent ids, queue, team, check, outcome and where the evidence\n"
        "is) with the same code as `callscrub compliance report`. Nothing here holds a word of a\n"
        "conversation: the evidence links point at the redacted transcripts and chats.\n"
        "\n"
        "By default it reads the demo deployment (`./callscrub-demo`, from `make demo`); set\n"
        "`CALLSCRUB_ROOT` to point elsewhere."
    ),
    new_code_cell(
        "import os\n"
        "from pathlib import Path\n"
        "\n"
        "import matplotlib.pyplot as plt\n"
        "\n"
        "from pipelines.compliance.report import build_report\n"
        "from storage.local import LocalStore\n"
        "from storage.uri import parse_uri\n"
        "\n"
        'root = Path(os.environ.get("CALLSCRUB_ROOT", "callscrub-demo")).resolve()\n'
        'assert (root / "redacted").is_dir(), f"no redacted zone under {root}: run `make demo` first"\n'
        'report = build_report(LocalStore(parse_uri(str(root / "redacted"))))\n'
        'print(f"compliance checks on {report[\'conversations\']} conversation(s); "\n'
        '      f"rights requests detected: {report[\'requests\'] or \'none\'}")'
    ),
    new_markdown_cell("## Pass rate per check\n\nA check that does not apply (`na`) counts neither way."),
    new_code_cell(
        "names = list(report['checks'])\n"
        "passed = [report['checks'][n]['passed'] for n in names]\n"
        "failed = [report['checks'][n]['failed'] for n in names]\n"
        "fig, ax = plt.subplots(figsize=(8, 3))\n"
        "ax.barh(names, passed, color='#4c9a2a', label='pass')\n"
        "ax.barh(names, failed, left=passed, color='#c0392b', label='fail')\n"
        "ax.set_xlabel('conversations'); ax.legend(loc='lower right'); plt.tight_layout(); plt.show()\n"
        "for n in names:\n"
        "    c = report['checks'][n]\n"
        "    rate = f\"{c['pass_rate']:.0%}\" if c['pass_rate'] is not None else 'n/a'\n"
        "    print(f\"{n:<26} pass {c['passed']:>3}  fail {c['failed']:>3}  n/a {c['na']:>3}  rate {rate}\")"
    ),
    new_markdown_cell("## Per agent, per team, per week"),
    new_code_cell(
        "def rates(rows, by):\n"
        "    out = {}\n"
        "    for r in rows:\n"
        "        if r['pass_rate'] is not None:\n"
        "            out.setdefault(r[by], []).append(r['pass_rate'])\n"
        "    return {k: sum(v) / len(v) for k, v in sorted(out.items())}\n"
        "\n"
        "fig, axes = plt.subplots(1, 3, figsize=(12, 3))\n"
        "for ax, (title, rows, by) in zip(axes, [('agent', report['by_agent'], 'agent_id'),\n"
        "                                        ('team', report['by_team'], 'team'),\n"
        "                                        ('week', report['by_week'], 'week')]):\n"
        "    r = rates(rows, by)\n"
        "    ax.bar(list(r), [100 * v for v in r.values()], color='#2c7fb8')\n"
        "    ax.set_title(f'mean pass rate per {title} (%)'); ax.set_ylim(0, 100); ax.tick_params(axis='x', rotation=30)\n"
        "plt.tight_layout(); plt.show()\n"
        "print(f\"agents: {len(rates(report['by_agent'], 'agent_id'))}, teams: {len(rates(report['by_team'], 'team'))}, \"\n"
        "      f\"weeks: {len(rates(report['by_week'], 'week'))}\")"
    ),
    new_markdown_cell(
        "## Failures to review\n"
        "\n"
        "Each failure with the conversation (keyed), the agent (keyed), the turn that decided it, and a\n"
        "link to the redacted transcript or chat. For training material built from these, run\n"
        "`callscrub compliance training-export --output training.zip`."
    ),
    new_code_cell(
        "for f in report['failures']:\n"
        "    where = f\"turn {f['evidence_turn']}\" if f['evidence_turn'] is not None else 'whole conversation'\n"
        "    print(f\"{f['check_name']:<26} {f['conversation_id']}  agent {f['agent_id'] or 'unknown':<16} \"\n"
        "          f\"{where:<18} {f['evidence_uri'].removeprefix(str(root) + '/') if f['evidence_uri'] else ''}\")\n"
        "print(f\"{len(report['failures'])} failure(s) to review\")"
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
nbformat.write(nb, REPO / "notebooks" / "supervisor.ipynb")
print("wrote", REPO / "notebooks" / "supervisor.ipynb")
