"""The Langfuse-compatible API, ``/api/public/*``, in Langfuse's shapes."""
