"""Evaluators: rule and LLM-as-judge scores of traces, observations and dataset runs, run
as jobs of the core's job runtime, on demand or automatically at ingest."""
