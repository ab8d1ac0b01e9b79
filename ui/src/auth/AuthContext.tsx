import { createContext, use, useCallback, useMemo, useState, type ReactNode } from "react";
import { Provider } from "urql";
import { useLocation } from "wouter";
import { createClient } from "../api/client";
import { paths } from "../routes";
import { clearCredentials, loadCredentials, saveCredentials, type Credentials } from "./credentials";
import type { SignInReason } from "./reasons";

interface Auth {
  credentials: Credentials | null;
  signIn(credentials: Credentials): void;
  signOut(reason: SignInReason): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = use(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

/** The signed-in key and a GraphQL client that uses it; a refused key signs out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [credentials, setCredentials] = useState(loadCredentials);
  const [, navigate] = useLocation();

  const signOut = useCallback(
    (reason: SignInReason) => {
      clearCredentials();
      setCredentials(null);
      if (window.location.pathname === "/sign-in") return;
      const here = window.location.pathname + window.location.search;
      navigate(paths.signIn(reason === "expired" ? here : undefined, reason), { replace: true });
    },
    [navigate],
  );

  const signIn = useCallback((next: Credentials) => {
    saveCredentials(next);
    setCredentials(next);
  }, []);

  // One client per key, so answers cached for one key are never shown to another.
  const secretKey = credentials?.secretKey ?? null;
  const client = useMemo(
    () => createClient(secretKey, () => signOut("expired")),
    [secretKey, signOut],
  );

  const auth = useMemo(() => ({ credentials, signIn, signOut }), [credentials, signIn, signOut]);
  return (
    <AuthContext value={auth}>
      <Provider value={client}>{children}</Provider>
    </AuthContext>
  );
}
