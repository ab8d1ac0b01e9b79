import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from "@urql/core";

function isUnauthenticated(error: CombinedError): boolean {
  return (
    error.response?.status === 401 ||
    error.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === "UNAUTHENTICATED")
  );
}

/**
 * The GraphQL client: `secretKey` as a Bearer token on every request (none when signed
 * out), and `onUnauthenticated` called when the server refuses it (expired or revoked).
 */
export function createClient(secretKey: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      fetchExchange,
    ],
    fetchOptions: secretKey ? { headers: bearer(secretKey) } : {},
  });
}

/** The first error's message, for showing; "" without an error. */
export function errorMessage(error: CombinedError | undefined): string {
  if (!error) return "";
  return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
}

function bearer(secretKey: string): Record<string, string> {
  return { Authorization: `Bearer ${secretKey}` };
}
