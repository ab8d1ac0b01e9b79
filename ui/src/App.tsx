import type { ReactNode } from "react";
import { Redirect, Route, Switch } from "wouter";
import { AgentRunPage } from "./agent/AgentRunPage";
import { CompareRunsPage } from "./agent/CompareRunsPage";
import { AuthProvider, useAuth } from "./auth/AuthContext";
import { SignInPage } from "./auth/SignInPage";
import { DashboardPage } from "./dashboard/DashboardPage";
import { DatasetListPage } from "./datasets/DatasetListPage";
import { DatasetPage } from "./datasets/DatasetPage";
import { EvaluatorListPage } from "./evaluators/EvaluatorListPage";
import { EvaluatorPage } from "./evaluators/EvaluatorPage";
import { Shell } from "./layout/Shell";
import { PromptListPage } from "./prompts/PromptListPage";
import { PromptPage } from "./prompts/PromptPage";
import { paths } from "./routes";
import { SessionListPage } from "./sessions/SessionListPage";
import { SessionPage } from "./sessions/SessionPage";
import { TraceDetailPage } from "./trace/TraceDetailPage";
import { TraceListPage } from "./traces/TraceListPage";

type ProjectParams = { projectId: string; traceId?: string; sessionId?: string; name?: string; datasetId?: string; evaluatorId?: string };

/** A project's page: signed in to that project, inside the shell. */
function projectPage(page: (params: Required<ProjectParams>) => ReactNode) {
  return (params: ProjectParams) => (
    <SignedIn projectId={params.projectId}>
      <Shell projectId={params.projectId}>{page({ traceId: "", sessionId: "", name: "", datasetId: "", evaluatorId: "", ...params })}</Shell>
    </SignedIn>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Switch>
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/project/:projectId/traces">
          {projectPage(({ projectId }) => <TraceListPage projectId={projectId} />)}
        </Route>
        <Route path="/project/:projectId/traces/:traceId/agent">
          {projectPage(({ projectId, traceId }) => <AgentRunPage key={traceId} projectId={projectId} traceId={traceId} />)}
        </Route>
        <Route path="/project/:projectId/traces/:traceId">
          {projectPage(({ projectId, traceId }) => (
            <TraceDetailPage key={traceId} projectId={projectId} traceId={traceId} />
          ))}
        </Route>
        <Route path="/project/:projectId/agent-runs/compare">
          {projectPage(({ projectId }) => <CompareRunsPage projectId={projectId} />)}
        </Route>
        <Route path="/project/:projectId/prompts">
          {projectPage(({ projectId }) => <PromptListPage projectId={projectId} />)}
        </Route>
        <Route path="/project/:projectId/prompts/:name">
          {projectPage(({ projectId, name }) => <PromptPage key={name} projectId={projectId} name={name} />)}
        </Route>
        <Route path="/project/:projectId/datasets">
          {projectPage(({ projectId }) => <DatasetListPage projectId={projectId} />)}
        </Route>
        <Route path="/project/:projectId/datasets/:datasetId">
          {projectPage(({ projectId, datasetId }) => <DatasetPage key={datasetId} projectId={projectId} datasetId={datasetId} />)}
        </Route>
        <Route path="/project/:projectId/evaluators">
          {projectPage(({ projectId }) => <EvaluatorListPage projectId={projectId} />)}
        </Route>
        <Route path="/project/:projectId/evaluators/:evaluatorId">
          {projectPage(({ projectId, evaluatorId }) => (
            <EvaluatorPage key={evaluatorId} projectId={projectId} evaluatorId={evaluatorId} />
          ))}
        </Route>
        <Route path="/project/:projectId/sessions">
          {projectPage(({ projectId }) => <SessionListPage projectId={projectId} />)}
        </Route>
        <Route path="/project/:projectId/sessions/:sessionId">
          {projectPage(({ projectId, sessionId }) => (
            <SessionPage key={sessionId} projectId={projectId} sessionId={sessionId} />
          ))}
        </Route>
        <Route path="/project/:projectId/dashboard">{projectPage(() => <DashboardPage />)}</Route>
        <Route>
          <Home />
        </Route>
      </Switch>
    </AuthProvider>
  );
}

/** `/` and unknown paths: the project's traces when signed in. */
function Home() {
  const { credentials } = useAuth();
  return <Redirect to={credentials ? paths.traces(credentials.projectId) : paths.signIn()} replace />;
}

/** Project pages need a key of that project; otherwise sign in and come back here. */
function SignedIn({ projectId, children }: { projectId: string; children: ReactNode }) {
  const { credentials } = useAuth();
  if (!credentials) {
    return <Redirect to={paths.signIn(window.location.pathname + window.location.search)} replace />;
  }
  if (credentials.projectId !== projectId) {
    return (
      <main className="page">
        <p>
          This link is for another project. You are signed in to <b>{credentials.projectName}</b>.
        </p>
        <p>
          <a href={paths.traces(credentials.projectId)}>Open {credentials.projectName}</a> or{" "}
          <a href={paths.signIn(window.location.pathname + window.location.search)}>sign in with that project's key</a>.
        </p>
      </main>
    );
  }
  return children;
}
