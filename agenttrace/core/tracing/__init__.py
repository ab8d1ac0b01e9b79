"""Tracing: traces, observations, scores and sessions — written through ``ingest``,
changed by the use cases of ``commands`` and ``deletion``, read through ``reads``,
``listing``, ``sessions`` and ``related`` (batched, for GraphQL's loaders), shown through
``views``."""
