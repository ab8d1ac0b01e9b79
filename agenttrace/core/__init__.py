"""The domain core: every rule lives here; no HTTP or GraphQL."""
