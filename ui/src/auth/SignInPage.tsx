import { useState, type FormEvent } from "react";
import { useLocation, useSearchParams } from "wouter";
import { paths, safeNext } from "../routes";
import { useAuth } from "./AuthContext";
import { splitKeyPair } from "./credentials";
import { reasonMessage } from "./reasons";
import { verifyKey } from "./verifyKey";

/** Sign in with a project's API key pair (or its secret key alone). */
export function SignInPage() {
  const [search] = useSearchParams();
  const [, navigate] = useLocation();
  const { signIn } = useAuth();
  const [publicField, setPublicField] = useState("");
  const [secretField, setSecretField] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const notice = reasonMessage(search.get("reason"));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { publicKey, secretKey } = splitKeyPair(publicField, secretField);
    if (!secretKey) return setProblem("Enter the secret key (sk-…).");
    setChecking(true);
    const verified = await verifyKey(secretKey);
    setChecking(false);
    if ("error" in verified) return setProblem(verified.error);
    const { project } = verified;
    signIn({ secretKey, publicKey, projectId: project.id, projectName: project.name });
    navigate(safeNext(search.get("next")) ?? paths.traces(project.id), { replace: true });
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>AgentTrace</h1>
        <p className="muted">Sign in with a project's API key. It is kept in this tab only.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          Public key <span className="muted">(optional)</span>
          <input
            name="publicKey"
            autoComplete="username"
            placeholder="pk-at-…"
            value={publicField}
            onChange={(event) => setPublicField(event.target.value)}
          />
        </label>
        <label>
          Secret key
          <input
            name="secretKey"
            type="password"
            autoComplete="current-password"
            placeholder="sk-at-…"
            value={secretField}
            onChange={(event) => setSecretField(event.target.value)}
          />
        </label>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={checking}>
          {checking ? "Checking…" : "Sign in"}
        </button>
        <p className="muted small">
          The server prints a key pair on its first start; <code>agenttrace keys create</code> makes more.
        </p>
      </form>
    </main>
  );
}
