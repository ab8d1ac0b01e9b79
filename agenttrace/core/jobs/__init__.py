"""The core's durable job runtime: a ``job`` table, claims under a lease, bounded retries
with backoff, and workers (inside ``agenttrace serve`` or ``agenttrace worker``).

A capability adds a kind of job by writing a ``JobKind`` (``kinds.py``) and registering it
in ``core/job_kinds.py``; it queues jobs with ``queue.enqueue`` inside its own transaction.
"""
