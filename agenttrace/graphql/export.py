"""``python -m agenttrace.graphql.export``: print the SDL kept in ``graphql/schema.graphql``."""

from __future__ import annotations

import sys

from agenttrace.graphql.schema import schema

if __name__ == "__main__":
    sys.stdout.write(str(schema) + "\n")
