import { createClient, errorMessage } from "../api/client";
import { CURRENT_PROJECT, type Project } from "../api/project";

export type Verified = { project: Project } | { error: string };

/** Ask the server which project `secretKey` belongs to; a refusal explains itself. */
export async function verifyKey(secretKey: string): Promise<Verified> {
  const client = createClient(secretKey, () => undefined);
  const result = await client.query(CURRENT_PROJECT, {}, { requestPolicy: "network-only" }).toPromise();
  if (result.data) return { project: result.data.project };
  const code = result.error?.graphQLErrors[0]?.extensions?.code;
  if (code === "UNAUTHENTICATED") return { error: "The server refused this key: it is wrong, expired or revoked." };
  if (code === "FORBIDDEN" && secretKey.startsWith("pk-"))
    return { error: "That is a public key; the explorer needs the secret key (sk-…)." };
  return { error: errorMessage(result.error) || "The server did not answer." };
}
