import { useQuery } from "urql";
import { errorMessage } from "../api/client";
import { OBSERVATION_DETAIL } from "../api/observations";
import { SHOWS_SCORES } from "../api/scores";
import type { ObservationDetail } from "../api/types";
import { LevelBadge } from "../components/LevelBadge";
import { Section } from "../components/Section";
import { TypeBadge } from "../components/TypeBadge";
import { formatCost, formatSeconds, formatTime } from "../lib/format";
import { AddScoreForm } from "../scores/AddScoreForm";
import { ScoreChips } from "../scores/ScoreChips";
import { KeyValues } from "./KeyValues";
import { PayloadSections } from "./PayloadSections";
import { useFieldDownload } from "./useFieldDownload";
import { usePayloads } from "./usePayloads";
import { UsageTable } from "./UsageTable";

/** One observation in full: loaded when it is selected, never with the tree. */
export function ObservationPanel({ id, onClose }: { id: string; onClose(): void }) {
  const [{ data, fetching, error }] = useQuery({ query: OBSERVATION_DETAIL, variables: { id }, context: SHOWS_SCORES });
  const observation = data?.observation;
  return (
    <aside className="panel" aria-label="Observation">
      <button type="button" className="close" aria-label="Close" onClick={onClose}>
        ×
      </button>
      {fetching && !observation && <p className="muted">Loading…</p>}
      {error && <p className="form-error">{errorMessage(error)}</p>}
      {!fetching && !error && !observation && <p className="muted">This observation does not exist.</p>}
      {observation && <ObservationDetails observation={observation} />}
    </aside>
  );
}

function ObservationDetails({ observation }: { observation: ObservationDetail }) {
  const { id, traceId } = observation;
  const payloads = usePayloads("observation", id, observation);
  const download = useFieldDownload("observations", id);
  return (
    <>
      <header className="panel-head">
        <h2>
          <TypeBadge type={observation.type} /> {observation.name ?? id}
        </h2>
        <div className="facts">
          {observation.model && <span title={observation.modelId ?? undefined}>model {observation.model}</span>}
          <span>{formatTime(observation.startTime)}</span>
          <span>latency {formatSeconds(observation.latency)}</span>
          {observation.timeToFirstToken !== null && <span>first token {formatSeconds(observation.timeToFirstToken)}</span>}
          <span>cost {formatCost(observation.totalCost)}</span>
          <LevelBadge level={observation.level} message={observation.statusMessage} />
          {observation.promptName && (
            <span>
              prompt {observation.promptName} v{observation.promptVersion}
            </span>
          )}
        </div>
        {observation.statusMessage && <p className="status-message">{observation.statusMessage}</p>}
        <ScoreChips scores={observation.scores} />
      </header>
      <PayloadSections
        sizes={observation}
        heads={{ input: observation.inputHead, output: observation.outputHead }}
        payloads={payloads}
        download={download}
        toolSources={[observation.modelParameters]}
        between={
          observation.type === "GENERATION" && (
            <>
              <Section title="Usage and cost">
                <UsageTable observation={observation} />
              </Section>
              <Section title="Model parameters">
                <KeyValues value={observation.modelParameters} empty="None." />
              </Section>
            </>
          )
        }
      />
      <Section title="Add a score">
        <AddScoreForm target={{ traceId, observationId: id }} label="Score this observation" />
      </Section>
      <p className="muted small">
        id <code>{id}</code> · environment {observation.environment}
        {observation.version && <> · version {observation.version}</>}
      </p>
    </>
  );
}
