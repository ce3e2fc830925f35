"""Compliance monitoring: rights requests said in conversations, and the agents' procedure checks.

`checklist` (the YAML checklist, validated), `checks` (one function per check), `monitor` (one
conversation at ingest: requests queued, results written), `ingest` (what the process flow hands
over), `report` (pass rates for supervisors), `training` (redacted excerpts for agent training).
"""
