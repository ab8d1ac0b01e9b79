"""Datasets: items to run an app on, runs (experiments) of it, and run items linking each
item to the trace that ran it; their results and comparisons; imports; and the run items
that OTLP spans of the Langfuse SDKs' experiments carry (``experiments.py``)."""
