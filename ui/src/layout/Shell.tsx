import type { ReactNode } from "react";
import { useQuery } from "urql";
import { Link, useLocation } from "wouter";
import { expiryWarning, VIEWER } from "../api/project";
import { useAuth } from "../auth/AuthContext";
import { useSettled } from "../lib/useSettled";
import { paths } from "../routes";

/** The bar above every signed-in page: the views, the project, sign-out. */
export function Shell({ projectId, children }: { projectId: string; children: ReactNode }) {
  const { credentials, signOut } = useAuth();
  const [location] = useLocation();
  // The key's expiry can wait for the page's own first answer (`useSettled`'s fallback).
  const [{ data }] = useQuery({ query: VIEWER, variables: {}, pause: !useSettled(false) });
  const viewer = data?.viewer;
  const warning = expiryWarning(viewer?.expiresAt ?? null, new Date());
  // The views, in the order of the bar; each is a path in routes.ts and a route in App.tsx.
  const links = [
    { href: paths.traces(projectId), label: "Traces" },
    { href: paths.sessions(projectId), label: "Sessions" },
    { href: paths.dashboard(projectId), label: "Dashboard" },
    { href: paths.prompts(projectId), label: "Prompts" },
    { href: paths.datasets(projectId), label: "Datasets" },
    { href: paths.evaluators(projectId), label: "Evaluators" },
  ];
  return (
    <div className="shell">
      <nav className="nav" aria-label="Views">
        <b className="brand">AgentTrace</b>
        {links.map((link) => (
          <Link key={link.href} href={link.href} aria-current={location.startsWith(link.href) ? "page" : undefined}>
            {link.label}
          </Link>
        ))}
        <span className="spacer" />
        <span className="muted" title={viewer ? `${viewer.publicKey} · scopes ${viewer.scopes.join(", ")}` : undefined}>
          {credentials?.projectName}
          {viewer && <> · key {viewer.publicKey}</>}
        </span>
        {warning && (
          <span className="key-warning" role="status">
            {warning}
          </span>
        )}
        <button type="button" className="link" onClick={() => signOut("signed-out")}>
          Sign out
        </button>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
