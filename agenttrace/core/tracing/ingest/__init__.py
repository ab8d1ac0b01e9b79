"""The ingest pipeline, in the order a write travels it:

``bodies`` validate what clients send → ``writes`` turn a body into a ``RowWrite`` (or
``events`` do, for a batch of Langfuse events) → ``writer`` groups concurrent writes into
one transaction (group commit) → ``store`` folds them into rows with set-based statements,
merging field by field (``merge``), pricing observations and recomputing each touched
trace's ``aggregates`` → committed, and only then acknowledged.
"""
