import type { AnyVariables, Client, TypedDocumentNode } from "@urql/core";
import type { Page } from "../lists/usePages";
import { errorMessage } from "./client";
import type { Connection } from "./types";

/** Ask for one page of a connection, fresh from the server; a GraphQL error rejects. */
export async function fetchConnection<Data, Variables extends AnyVariables, Node>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  pick: (data: Data) => Connection<Node> | null | undefined,
): Promise<Page<Node>> {
  const result = await client.query(document, variables, { requestPolicy: "network-only" }).toPromise();
  const connection = result.data ? pick(result.data) : null;
  if (!connection) throw new Error(errorMessage(result.error) || "Not found");
  return {
    nodes: connection.nodes,
    endCursor: connection.pageInfo.endCursor,
    hasNextPage: connection.pageInfo.hasNextPage,
    totalCount: connection.totalCount,
  };
}
