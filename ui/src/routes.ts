import type { SignInReason } from "./auth/reasons";

const segment = encodeURIComponent;

/** The explorer's URLs. A trace's is the server's `htmlPath`: /project/{id}/traces/{id}. */
export const paths = {
  signIn(next?: string, reason?: SignInReason): string {
    const query = new URLSearchParams();
    if (reason) query.set("reason", reason);
    if (next && next !== "/") query.set("next", next);
    const search = query.toString();
    return search ? `/sign-in?${search}` : "/sign-in";
  },
  traces: (projectId: string) => `/project/${segment(projectId)}/traces`,
  trace(projectId: string, traceId: string, observationId?: string | null): string {
    const base = `/project/${segment(projectId)}/traces/${segment(traceId)}`;
    return observationId ? `${base}?observation=${segment(observationId)}` : base;
  },
  agentRun: (projectId: string, traceId: string) =>
    `/project/${segment(projectId)}/traces/${segment(traceId)}/agent`,
  /** Two agent runs side by side: `baseline` (run 1) and `run` (run 2, the deltas are its). */
  agentCompare: (projectId: string, baseline: string, run: string) =>
    `/project/${segment(projectId)}/agent-runs/compare?a=${segment(baseline)}&b=${segment(run)}`,
  prompts: (projectId: string) => `/project/${segment(projectId)}/prompts`,
  prompt: (projectId: string, name: string) => `/project/${segment(projectId)}/prompts/${segment(name)}`,
  datasets: (projectId: string) => `/project/${segment(projectId)}/datasets`,
  dataset: (projectId: string, datasetId: string) => `/project/${segment(projectId)}/datasets/${segment(datasetId)}`,
  evaluators: (projectId: string) => `/project/${segment(projectId)}/evaluators`,
  evaluator: (projectId: string, evaluatorId: string) =>
    `/project/${segment(projectId)}/evaluators/${segment(evaluatorId)}`,
  sessions: (projectId: string) => `/project/${segment(projectId)}/sessions`,
  session: (projectId: string, sessionId: string) =>
    `/project/${segment(projectId)}/sessions/${segment(sessionId)}`,
  dashboard: (projectId: string) => `/project/${segment(projectId)}/dashboard`,
};

/** Where sign-in may send the user back to: only paths of this app. */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : null;
}
