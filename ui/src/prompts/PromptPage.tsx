import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Link, useSearchParams } from "wouter";
import { errorMessage } from "../api/client";
import { PROMPT_VERSIONS, SET_VERSION_LABELS, type PromptVersion } from "../api/prompts";
import { Section } from "../components/Section";
import { Tags } from "../components/Tags";
import { toMessages } from "../lib/chat";
import { formatTime, plural } from "../lib/format";
import { Conversation } from "../observation/Conversation";
import { JsonView } from "../observation/JsonView";
import { LongText } from "../observation/LongText";
import { paths } from "../routes";
import { PromptDiff } from "./PromptDiff";

/** `/project/{id}/prompts/{name}`: every version with its labels; one version shown
 * (`?version=`), compared with another (`?compare=`, by default the one before it). */
export function PromptPage({ projectId, name }: { projectId: string; name: string }) {
  const [search, setSearch] = useSearchParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PROMPT_VERSIONS, variables: { name } });
  const prompt = data?.prompts.nodes[0] ?? null;
  if (error) return <p className="page form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="page muted">Loading the prompt…</p>;
  if (!prompt) return <p className="page">No prompt named {name} in this project.</p>;
  const versions = prompt.versions;
  const wanted = Number(search.get("version"));
  const shown = versions.find((v) => v.version === wanted) ?? versions[0]!;
  const compareParam = search.get("compare");
  const olderThanShown = versions.find((v) => v.version < shown.version) ?? null;
  const against = compareParam === "none" ? null : versions.find((v) => String(v.version) === compareParam) ?? olderThanShown;
  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [param, value] of Object.entries(changes)) {
      if (value) next.set(param, value);
      else next.delete(param);
    }
    setSearch(next);
  };

  return (
    <div className="page prompt-page">
      <header className="trace-head">
        <div className="trace-title">
          <Link href={paths.prompts(projectId)} className="muted">
            ← Prompts
          </Link>
          <h1>{prompt.name}</h1>
          <span className="type">{prompt.type}</span>
          <Tags tags={prompt.tags} />
        </div>
        <div className="facts">
          <span>{plural(versions.length, "version")}</span>
          <span>updated {formatTime(prompt.lastUpdatedAt)}</span>
        </div>
      </header>
      <div className="prompt-body">
        <table className="kv versions" aria-label="Versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Labels</th>
              <th>Message</th>
              <th>By</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr
                key={version.id}
                aria-selected={version.version === shown.version}
                className={version.version === against?.version ? "compared" : undefined}
              >
                <td>
                  <button type="button" className="link" onClick={() => setParams({ version: String(version.version), compare: null })}>
                    v{version.version}
                  </button>
                </td>
                <td>
                  <span className="chips">
                    {version.labels.map((label) => (
                      <span key={label} className={`chip label-${label === "production" ? "production" : "other"}`}>
                        {label}
                      </span>
                    ))}
                  </span>
                </td>
                <td>{version.commitMessage ?? "–"}</td>
                <td>{version.createdBy}</td>
                <td>{formatTime(version.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="prompt-version">
          <h2>
            Version {shown.version}
            {shown.commitMessage && <span className="muted"> · {shown.commitMessage}</span>}
          </h2>
          <LabelEditor key={shown.id} name={prompt.name} version={shown} onSaved={() => refetch({ requestPolicy: "network-only" })} />
          <Section title="Prompt">
            <PromptBody version={shown} />
          </Section>
          {shown.config !== null && shown.config !== undefined && (
            <Section title="Config">
              <JsonView value={shown.config} openDepth={2} />
            </Section>
          )}
          <Section title={against ? `Changes from v${against.version} to v${shown.version}` : "Changes"}>
            <label>
              Compare with{" "}
              <select
                aria-label="Compare with"
                value={against ? String(against.version) : "none"}
                onChange={(event) => setParams({ compare: event.target.value })}
              >
                <option value="none">nothing</option>
                {versions
                  .filter((v) => v.version !== shown.version)
                  .map((v) => (
                    <option key={v.id} value={String(v.version)}>
                      v{v.version}
                    </option>
                  ))}
              </select>
            </label>
            {against ? (
              <>
                <PromptDiff before={against.prompt} after={shown.prompt} label={`Prompt diff v${against.version} to v${shown.version}`} />
                {JSON.stringify(against.config) !== JSON.stringify(shown.config) && (
                  <>
                    <h3>Config</h3>
                    <PromptDiff
                      before={JSON.stringify(against.config ?? null, null, 2)}
                      after={JSON.stringify(shown.config ?? null, null, 2)}
                      label="Config diff"
                    />
                  </>
                )}
              </>
            ) : (
              <p className="muted">This is the first version: nothing before it to compare with.</p>
            )}
          </Section>
        </div>
      </div>
    </div>
  );
}

/** A chat prompt as messages by role (placeholders named); a text prompt as its text. */
function PromptBody({ version }: { version: PromptVersion }) {
  if (typeof version.prompt === "string") return <LongText text={version.prompt} limit={20_000} />;
  const messages = Array.isArray(version.prompt)
    ? toMessages(
        version.prompt.map((message: unknown) =>
          typeof message === "object" && message !== null && (message as { type?: unknown }).type === "placeholder"
            ? { role: "placeholder", content: `{{${String((message as { name?: unknown }).name)}}} (placeholder)` }
            : message,
        ),
        "user",
      )
    : null;
  return messages ? <Conversation messages={messages} /> : <JsonView value={version.prompt} openDepth={2} />;
}

/** The version's labels as a comma-separated list; saving sets exactly those (a label
 * moves here from the version that held it: promote, roll back). `latest` is the server's. */
function LabelEditor({ name, version, onSaved }: { name: string; version: PromptVersion; onSaved(): void }) {
  const own = version.labels.filter((label) => label !== "latest");
  const [value, setValue] = useState(own.join(", "));
  const [{ fetching, error }, save] = useMutation(SET_VERSION_LABELS);
  const [saved, setSaved] = useState(false);
  const submit = async () => {
    const labels = value.split(",").map((label) => label.trim()).filter(Boolean);
    const result = await save({ name, version: version.version, labels });
    if (!result.error) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form
      className="label-editor"
      aria-label="Labels"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        Labels{" "}
        <input aria-label="Version labels" value={value} placeholder="production, staging" onChange={(event) => setValue(event.target.value)} />
      </label>
      <button type="submit" disabled={fetching}>
        Save labels
      </button>
      {error && <span className="form-error" role="alert">{errorMessage(error)}</span>}
      {saved && !error && <span className="form-ok">Saved.</span>}
    </form>
  );
}
