/** The signed-in key, kept for this browser tab only (sessionStorage). */
export interface Credentials {
  secretKey: string;
  publicKey: string | null;
  projectId: string;
  projectName: string;
}

const STORAGE_KEY = "agenttrace.credentials";

export function loadCredentials(): Credentials | null {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (stored === null) return null;
  try {
    return JSON.parse(stored) as Credentials;
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** "pk:sk" pasted whole, or either key alone; the explorer needs the secret one. */
export function splitKeyPair(publicField: string, secretField: string): {
  publicKey: string | null;
  secretKey: string;
} {
  const secret = secretField.trim();
  const pair = secret.includes(":") ? secret.split(":", 2) : null;
  if (pair && pair[0] && pair[1]) return { publicKey: pair[0], secretKey: pair[1] };
  return { publicKey: publicField.trim() || null, secretKey: secret };
}
