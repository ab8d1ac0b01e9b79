import type { ReplayEvent } from "../api/agents";
import { formatSeconds, formatTime } from "../lib/format";
import { JsonView } from "../observation/JsonView";
import { LongText } from "../observation/LongText";
import { UnifiedDiff } from "./DiffView";
import { stepKind } from "./steps";

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** What an agent record step did: a file edit's diff preview, a command's exit code and
 * output, a checkpoint (with its diff one click away), a commit. Observations open in
 * the observation panel instead. */
export function StepDetail({ step, onClose, onDiff }: { step: ReplayEvent; onClose(): void; onDiff(checkpointId: string): void }) {
  const data = step.data;
  const kind = stepKind(step);
  return (
    <div className="step-detail">
      <div className="panel-head">
        <h2>{step.title}</h2>
        <button type="button" className="close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted">
        {formatTime(step.timestamp)} · {formatSeconds(step.durationMs === null ? null : step.durationMs / 1000)} ·{" "}
        {step.status === "error" ? <span className="badge level-error">error</span> : step.status}
      </p>
      {kind === "edit" && (
        <>
          <p>
            <b>{String(data.operation)}</b> <code>{String(data.filePath)}</code>
            {text(data.newPath) && <> → <code>{String(data.newPath)}</code></>}{" "}
            <span className="diff-add-count">+{Number(data.linesAdded ?? 0)}</span>{" "}
            <span className="diff-remove-count">−{Number(data.linesRemoved ?? 0)}</span>
            {text(data.toolName) && <span className="muted"> · by {String(data.toolName)}</span>}
          </p>
          {text(data.errorMessage) && <p className="form-error">{String(data.errorMessage)}</p>}
          {text(data.diffPreview) ? (
            <UnifiedDiff text={String(data.diffPreview)} label="Diff preview" />
          ) : (
            <p className="muted">The agent sent no diff for this edit; the checkpoints below compare whole files.</p>
          )}
        </>
      )}
      {kind === "command" && (
        <>
          <pre className="command" aria-label="Command">
            $ {step.title}
          </pre>
          <p>
            exit code <b className={Number(data.exitCode) === 0 ? "" : "badge level-error"}>{String(data.exitCode)}</b>
            {data.timedOut === true && <span className="badge level-warning">timed out</span>}
            {text(data.workingDirectory) && <span className="muted"> · in {String(data.workingDirectory)}</span>}
          </p>
          {text(data.stdout) && (
            <>
              <h3>stdout</h3>
              <LongText text={String(data.stdout)} />
            </>
          )}
          {text(data.stderr) && (
            <>
              <h3>stderr</h3>
              <LongText text={String(data.stderr)} />
            </>
          )}
        </>
      )}
      {kind === "checkpoint" && (
        <>
          <p>
            {String(data.checkpointType)} · {String(data.totalFiles)} files
            {text(data.gitCommit) && <> · commit <code>{String(data.gitCommit).slice(0, 10)}</code></>}
          </p>
          <button type="button" onClick={() => onDiff(String(data.checkpointId ?? step.id))}>
            Diff with the previous checkpoint
          </button>
        </>
      )}
      {kind === "git" && (
        <>
          <p>
            {String(data.linkType)} <code>{String(data.gitCommit)}</code>
            {text(data.gitBranch) && <> on {String(data.gitBranch)}</>}
          </p>
          {text(data.gitMessage) && <p>{String(data.gitMessage)}</p>}
          {Array.isArray(data.changedFiles) && data.changedFiles.length > 0 && (
            <ul className="files">
              {data.changedFiles.map((path) => (
                <li key={String(path)}>
                  <code>{String(path)}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {kind === "other" && <JsonView value={data} openDepth={2} />}
    </div>
  );
}
