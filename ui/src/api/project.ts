import { gql } from "@urql/core";

export interface Project {
  id: string;
  name: string;
}

export const CURRENT_PROJECT = gql<{ project: Project }, Record<string, never>>`
  query CurrentProject {
    project {
      id
      name
    }
  }
`;

export interface Viewer {
  publicKey: string;
  scopes: string[];
  expiresAt: string | null;
}

/** The signed-in key: shown in the bar, with a warning before it expires. */
export const VIEWER = gql<{ viewer: Viewer }, Record<string, never>>`
  query Viewer {
    viewer {
      publicKey
      scopes
      expiresAt
    }
  }
`;

/** Within this of its expiry, the bar warns that the key is about to stop working. */
export const EXPIRY_WARNING_MS = 7 * 24 * 3600 * 1000;

/** "expires in 3 days" when the key expires within the warning window, else null. */
export function expiryWarning(expiresAt: string | null, now: Date): string | null {
  if (!expiresAt) return null;
  const left = Date.parse(expiresAt) - now.getTime();
  if (left > EXPIRY_WARNING_MS) return null;
  if (left <= 0) return "this key has expired";
  const hours = Math.floor(left / 3_600_000);
  return hours < 24 ? `this key expires in ${Math.max(1, hours)} h` : `this key expires in ${Math.floor(hours / 24)} days`;
}
