import { useState } from "react";
import { Link } from "wouter";
import { useClient } from "urql";
import type { TraceHeader } from "../api/types";
import { LevelBadge } from "../components/LevelBadge";
import { Tags } from "../components/Tags";
import { downloadFile } from "../lib/download";
import { describe } from "../lib/errors";
import { formatCost, formatCount, formatSeconds, formatTime, formatTokens, plural } from "../lib/format";
import { paths } from "../routes";
import { ScoreChips } from "../scores/ScoreChips";
import { exportTrace } from "./exportTrace";

/** The trace's name, totals, scores and links, with the JSON export. */
export function TraceHeaderBar({ trace, projectId }: { trace: TraceHeader; projectId: string }) {
  const client = useClient();
  const [exporting, setExporting] = useState<string | null>(null);
  const exportJson = async () => {
    setExporting("Exporting…");
    try {
      const exported = await exportTrace(client, trace.id, (loaded) => setExporting(`Exporting ${formatCount(loaded)}…`));
      downloadFile(`trace-${trace.id}.json`, exported);
      setExporting(null);
    } catch (error) {
      setExporting(`Export failed: ${describe(error)}`);
    }
  };
  return (
    <header className="trace-head">
      <div className="trace-title">
        <Link href={paths.traces(projectId)} className="muted">
          ← Traces
        </Link>
        <h1>{trace.name ?? trace.id}</h1>
        <LevelBadge level={trace.level} message={trace.statusMessage} />
        <Tags tags={trace.tags} />
        <span className="spacer" />
        {trace.agentRecords.total > 0 && (
          <Link href={paths.agentRun(projectId, trace.id)} className="button-link">
            Agent run ({plural(trace.agentRecords.total, "record")})
          </Link>
        )}
        <button type="button" onClick={exportJson} disabled={exporting?.startsWith("Exporting") ?? false}>
          {exporting ?? "Export JSON"}
        </button>
      </div>
      <div className="facts">
        <span>{formatTime(trace.timestamp)}</span>
        <span>latency {formatSeconds(trace.latency)}</span>
        <span title={trace.usage ? `input ${formatCount(trace.usage.inputTokens)} · output ${formatCount(trace.usage.outputTokens)}` : "no usage recorded"}>
          tokens {formatTokens(trace.usage?.totalTokens)}
        </span>
        <span title={`input ${formatCost(trace.inputCost)} · output ${formatCost(trace.outputCost)}`}>
          cost {formatCost(trace.totalCost)}
        </span>
        <span>{plural(trace.observationCount, "observation")}</span>
        {trace.userId && <span>user {trace.userId}</span>}
        {trace.sessionId && (
          <span>
            session <Link href={paths.session(projectId, trace.sessionId)}>{trace.sessionId}</Link>
          </span>
        )}
        <span>env {trace.environment}</span>
        {trace.release && <span>release {trace.release}</span>}
        <code title="trace id">{trace.id}</code>
      </div>
      <ScoreChips scores={trace.scores} />
    </header>
  );
}
