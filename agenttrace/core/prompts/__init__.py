"""Prompts: named, versioned templates (text or chat) with labels that point at one version
each, resolved by version, label or ``production``, compiled by plain substitution, and
served from an in-process cache that every write invalidates."""
