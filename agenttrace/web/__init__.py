"""HTTP plumbing every face shares: middleware (request id, body limit, credentials and
rate-limit headers), request and response helpers, the app state, error statuses and the
choice of envelope by path. Faces (``rest``, ``graphql``) import it; it imports no face."""
