"""The two REST dialects: /v1 and the Langfuse-compatible /api/public."""
