"""The GraphQL face (Strawberry). The top-level graphql/ folder holds only contract files."""
