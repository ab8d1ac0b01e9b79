import { useQuery, useClient } from "urql";
import { Link } from "wouter";
import { errorMessage } from "../api/client";
import { fetchConnection } from "../api/pages";
import { SHOWS_SCORES } from "../api/scores";
import { SESSION_HEADER, SESSION_TURNS } from "../api/sessions";
import type { SessionTurn } from "../api/types";
import { LevelBadge } from "../components/LevelBadge";
import { Section } from "../components/Section";
import { formatCost, formatSeconds, formatTime, formatTokens, plural, secondsBetween } from "../lib/format";
import { usePages } from "../lists/usePages";
import { Conversation } from "../observation/Conversation";
import { SizeGate } from "../observation/SizeGate";
import { useFieldDownload } from "../observation/useFieldDownload";
import { paths } from "../routes";
import { AddScoreForm } from "../scores/AddScoreForm";
import { ScoreChips } from "../scores/ScoreChips";
import { assistantSide, userSide } from "./turns";

const TURNS_PAGE = 50;

/** A session replayed as a conversation: one turn per trace, oldest first. */
export function SessionPage({ projectId, sessionId }: { projectId: string; sessionId: string }) {
  const client = useClient();
  const [{ data, error }] = useQuery({ query: SESSION_HEADER, variables: { id: sessionId }, context: SHOWS_SCORES });
  const turns = usePages(sessionId, (after) =>
    fetchConnection(client, SESSION_TURNS, { id: sessionId, first: TURNS_PAGE, after }, (answer) => answer.session?.traces),
  );
  const session = data?.session;
  if (error) return <p className="page form-error">{errorMessage(error)}</p>;
  if (data && !session) return <p className="page">Session {sessionId} does not exist in this project.</p>;

  return (
    <div className="page session-page">
      <header className="trace-head">
        <div className="trace-title">
          <Link href={paths.sessions(projectId)} className="muted">
            ← Sessions
          </Link>
          <h1>Session {sessionId}</h1>
        </div>
        {session && (
          <div className="facts">
            <span>{plural(session.traceCount, "trace")}</span>
            <span>started {formatTime(session.firstTraceTime)}</span>
            <span>duration {formatSeconds(secondsBetween(session.firstTraceTime, session.lastTraceTime))}</span>
            <span>tokens {formatTokens(session.usage.totalTokens)}</span>
            <span>cost {formatCost(session.totalCost)}</span>
            {session.userIds.length > 0 && <span>users {session.userIds.join(", ")}</span>}
            <span>env {session.environment}</span>
          </div>
        )}
        {session && <ScoreChips scores={session.scores} />}
      </header>
      <ol className="turns" aria-label="Turns">
        {turns.nodes.map((turn, index) => (
          <Turn key={turn.id} turn={turn} number={index + 1} projectId={projectId} />
        ))}
      </ol>
      {turns.error && <p className="form-error">{turns.error}</p>}
      {turns.loading && <p className="muted">Loading turns…</p>}
      {!turns.loading && turns.hasMore && (
        <button type="button" onClick={turns.loadMore}>
          Load more turns
        </button>
      )}
      <Section title="Add a score to the session">
        <AddScoreForm target={{ sessionId }} label="Score this session" />
      </Section>
    </div>
  );
}

function Turn({ turn, number, projectId }: { turn: SessionTurn; number: number; projectId: string }) {
  const download = useFieldDownload("traces", turn.id);
  return (
    <li className="turn">
      <div className="turn-head">
        <span className="call-number">{number}</span>
        <Link href={paths.trace(projectId, turn.id)}>{turn.name ?? turn.id} →</Link>
        <span className="muted">{formatTime(turn.timestamp)}</span>
        <span className="muted">{formatSeconds(turn.latency)}</span>
        <span className="muted">{formatCost(turn.totalCost)}</span>
        <LevelBadge level={turn.level} />
        <ScoreChips scores={turn.scores} />
      </div>
      <SizeGate bytes={turn.inputBytes} head={turn.inputPreview} download={() => download("input")}>
        <Conversation messages={userSide(turn.input)} />
      </SizeGate>
      <SizeGate bytes={turn.outputBytes} head={turn.outputPreview} download={() => download("output")}>
        <Conversation messages={assistantSide(turn.output)} />
      </SizeGate>
    </li>
  );
}
