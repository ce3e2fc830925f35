"""The subject index: where each data subject's data lives, as keyed hashes (a blind index).

Rows are written append-only per run and object (`subjects/delta/...`), compacted into files
sorted by `subject_key` (`subjects/compacted/...`), and queried with DuckDB.
"""
