import type { ReactNode } from "react";
import { Provider, type Client } from "urql";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { fromValue, pipe, toPromise } from "wonka";

/** A urql client that answers each operation by its name from `answers` (urql's own way
 * to test components: a Source of one result; `client.query(…).toPromise()` too, as
 * `fetchConnection` asks), and records what was asked. */
export function mockClient(answers: Record<string, (variables: Record<string, unknown>) => unknown>) {
  const asked: { name: string; variables: Record<string, unknown> }[] = [];
  const answer = (request: { query: { definitions: readonly unknown[] }; variables: Record<string, unknown> }) => {
    const operation = request.query.definitions.find(
      (d): d is { kind: string; name: { value: string } } => (d as { kind: string }).kind === "OperationDefinition",
    );
    const name = operation?.name.value ?? "";
    asked.push({ name, variables: request.variables });
    const make = answers[name];
    if (!make) throw new Error(`no answer for ${name}`);
    return fromValue({ operation: request, data: make(request.variables), stale: false, hasNext: false });
  };
  const query = (document: { definitions: readonly unknown[] }, variables: Record<string, unknown>) => ({
    toPromise: () => pipe(answer({ query: document, variables }), toPromise),
  });
  const client = { executeQuery: answer, executeMutation: answer, query } as unknown as Client;
  return { client, asked };
}

/** `children` at `path`, with the client; the location records where the page goes. */
export function renderWith(client: Client, path: string, children: ReactNode) {
  const location = memoryLocation({ path, record: true });
  return {
    location,
    tree: (
      <Provider value={client}>
        <Router hook={location.hook} searchHook={location.searchHook}>
          {children}
        </Router>
      </Provider>
    ),
  };
}
