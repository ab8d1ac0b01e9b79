"""Our REST API, ``/v1/*``: ``{"error": {...}}`` envelopes and cursor pages."""
