"""Write notebooks/analyst.ipynb (outputs cleared). Run from the repo root: python tools/make_analyst_notebook.py"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()

cells = [
    new_markdown_cell(
        "# The analyst dataset: what an analyst works with\n"
        "\n"
        "This notebook reads only the **redacted** zone: the analyst dataset at\n"
        "`redacted/dataset/turns/date=YYYY-MM-DD/<conversation_id>.parquet`, one row per call turn or\n"
        "chat message, personal data replaced by tags (`[PHONE_NUMBER]`) or keyed pseudonyms\n"
        "(`<PERSON_4f1c2a9b03>`: the same person gets the same token in every call). Conversation ids are\n"
        "keyed too: nothing here leads back to a raw file or a customer. The columns are documented in\n"
        "the README (\"The analyst dataset\").\n"
        "\n"
        "By default it reads the demo deployment (`./callscrub-demo`, from `make demo`); set\n"
        "`CALLSCRUB_ROOT` to point elsewhere (an `s3://` root works the same with DuckDB's httpfs)."
    ),
    new_code_cell(
        "import os\n"
        "from pathlib import Path\n"
        "\n"
        "import duckdb\n"
        "import matplotlib.pyplot as plt\n"
        "\n"
        'root = Path(os.environ.get("CALLSCRUB_ROOT", "callscrub-demo")).resolve()\n'
        'dataset = root / "redacted" / "dataset" / "turns"\n'
        'assert dataset.is_dir(), f"no analyst dataset under {root}: run `make demo` first"\n'
        "con = duckdb.connect()\n"
        'con.read_parquet(str(dataset / "**" / "*.parquet"), hive_partitioning=True).create_view("turns")\n'
        'con.sql("DESCRIBE turns").show()\n'
        "calls, chats = con.execute(\n"
        "    \"SELECT count(DISTINCT conversation_id) FILTER (channel = 'voice'), \"\n"
        "    \"count(DISTINCT conversation_id) FILTER (channel = 'chat') FROM turns\"\n"
        ").fetchall()[0]\n"
        'print(f"turns from {calls} calls and {chats} chats")'
    ),
    new_markdown_cell("## Volume by day\n\nConversations per day and channel (the partition column `date`)."),
    new_code_cell(
        "by_day = con.sql(\"\"\"\n"
        "    SELECT date::VARCHAR AS day,\n"
        "           count(DISTINCT conversation_id) FILTER (channel = 'voice') AS calls,\n"
        "           count(DISTINCT conversation_id) FILTER (channel = 'chat') AS chats\n"
        "    FROM turns GROUP BY ALL ORDER BY day\n"
        "\"\"\")\n"
        "by_day.show()\n"
        "days, calls_n, chats_n = (list(c) for c in zip(*by_day.fetchall()))\n"
        "fig, ax = plt.subplots(figsize=(7, 3))\n"
        'ax.bar(days, calls_n, label="calls")\n'
        'ax.bar(days, chats_n, bottom=calls_n, label="chats")\n'
        'ax.set_title("Conversations per day"); ax.set_ylabel("conversations"); ax.legend()\n'
        "plt.tight_layout(); plt.show()"
    ),
    new_markdown_cell(
        "## What is redacted, by queue\n\n"
        "`entity_counts` is a map per turn (entity type -> values redacted). Which queues carry which\n"
        "kinds of personal data is what a DPO's records of processing and a retention policy need."
    ),
    new_code_cell(
        "by_queue = con.sql(\"\"\"\n"
        "    SELECT coalesce(queue, '(none)') AS queue, entity_type, sum(n)::INT AS redacted\n"
        "    FROM (SELECT queue, unnest(map_keys(entity_counts)) AS entity_type,\n"
        "                 unnest(map_values(entity_counts)) AS n FROM turns)\n"
        "    GROUP BY ALL ORDER BY queue, redacted DESC\n"
        "\"\"\")\n"
        "by_queue.show()\n"
        "rows = by_queue.fetchall()\n"
        "queues = sorted({q for q, _, _ in rows})\n"
        "fig, ax = plt.subplots(figsize=(7, 3))\n"
        "left = [0] * len(queues)\n"
        "for etype in sorted({e for _, e, _ in rows}):\n"
        "    n = [sum(c for q, e, c in rows if q == queue and e == etype) for queue in queues]\n"
        "    ax.barh(queues, n, left=left, label=etype)\n"
        "    left = [a + b for a, b in zip(left, n)]\n"
        'ax.set_title("Personal data redacted, by queue"); ax.set_xlabel("values redacted")\n'
        'ax.legend(fontsize=7, bbox_to_anchor=(1.01, 1), loc="upper left")\n'
        "plt.tight_layout(); plt.show()"
    ),
    new_markdown_cell(
        "## Talk time by role\n\n"
        "Calls only (chat messages have no duration): seconds spoken per role, per call, and the\n"
        "customer's share of the talk time, a common quality measure."
    ),
    new_code_cell(
        "talk = con.sql(\"\"\"\n"
        "    SELECT conversation_id[:8] AS call,\n"
        "           round(sum(end_s - start_s) FILTER (speaker_role = 'agent'), 1) AS agent_s,\n"
        "           round(sum(end_s - start_s) FILTER (speaker_role = 'customer'), 1) AS customer_s,\n"
        "           round(sum(end_s - start_s) FILTER (speaker_role NOT IN ('agent', 'customer')), 1) AS mixed_s\n"
        "    FROM turns WHERE channel = 'voice' GROUP BY ALL ORDER BY call\n"
        "\"\"\")\n"
        "talk.show()\n"
        "calls, agent, customer, mixed = (list(c) for c in zip(*talk.fetchall()))\n"
        "fig, ax = plt.subplots(figsize=(7, 3))\n"
        "x = range(len(calls))\n"
        'for i, (label, values) in enumerate([("agent", agent), ("customer", customer), ("mono (one channel)", mixed)]):\n'
        "    ax.bar([k + i * 0.27 for k in x], [v or 0 for v in values], width=0.27, label=label)\n"
        "ax.set_xticks([k + 0.27 for k in x], calls)\n"
        'ax.set_title("Talk time per call and role"); ax.set_ylabel("seconds"); ax.set_xlabel("call (keyed id)")\n'
        "ax.legend(fontsize=7)\n"
        "plt.tight_layout(); plt.show()"
    ),
    new_markdown_cell("## A redacted conversation, as an analyst reads it"),
    new_code_cell(
        "first = con.execute(\"SELECT conversation_id FROM turns WHERE channel = 'voice' \"\n"
        "                \"ORDER BY started_at NULLS LAST, conversation_id LIMIT 1\").fetchall()[0][0]\n"
        "rows = con.execute(\n"
        '    "SELECT start_s, speaker_role, text FROM turns WHERE conversation_id = $c ORDER BY turn", {"c": first}\n'
        ").fetchall()\n"
        "for start, role, text in rows:\n"
        '    print(f"{start:6.1f}s {role:>9}: {text}")'
    ),
]

nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}})
nbformat.write(nb, REPO / "notebooks" / "analyst.ipynb")
