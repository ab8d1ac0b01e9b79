import { useQuery, useClient } from "urql";
import { Link, useSearchParams } from "wouter";
import { errorMessage } from "../api/client";
import { Section } from "../components/Section";
import { JsonView } from "../observation/JsonView";
import { DATASET_ITEMS, DATASET_VIEW, type DatasetItemRow, type DatasetRunRow } from "../api/datasets";
import { fetchConnection } from "../api/pages";
import { formatCost, formatSeconds, formatTime, plural } from "../lib/format";
import { previewText } from "../lib/preview";
import { usePages } from "../lists/usePages";
import { VirtualTable, type Column } from "../lists/VirtualTable";
import { paths } from "../routes";
import { chosenRuns, formatScore } from "./compare";
import { RunComparison } from "./RunComparison";

const PAGE_SIZE = 50;
type Tab = "items" | "runs" | "compare";

const ITEM_COLUMNS: Column<DatasetItemRow>[] = [
  { id: "id", label: "Item", width: "140px", render: (row) => <code title={row.id}>{row.id.slice(0, 12)}</code> },
  { id: "input", label: "Input", width: "minmax(200px, 2fr)", render: (row) => <span className="preview">{previewText(row.input)}</span> },
  {
    id: "expected",
    label: "Expected output",
    width: "minmax(200px, 2fr)",
    render: (row) => <span className="preview">{previewText(row.expectedOutput)}</span>,
  },
  { id: "status", label: "Status", width: "90px", render: (row) => row.status },
  { id: "created", label: "Created", width: "150px", render: (row) => formatTime(row.createdAt) },
];

/** `/project/{id}/datasets/{id}`: the items (`?tab=items`), the runs with their totals
 * (`runs`) and two or more runs side by side item by item (`compare&runs=a,b`). */
export function DatasetPage({ projectId, datasetId }: { projectId: string; datasetId: string }) {
  const [search, setSearch] = useSearchParams();
  const [{ data, fetching, error }] = useQuery({ query: DATASET_VIEW, variables: { id: datasetId } });
  const tab = (["items", "runs", "compare"].includes(search.get("tab") ?? "") ? search.get("tab") : "items") as Tab;
  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [param, value] of Object.entries(changes)) {
      if (value) next.set(param, value);
      else next.delete(param);
    }
    setSearch(next);
  };
  if (error) return <p className="page form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="page muted">Loading the dataset…</p>;
  if (!data) return <p className="page">No dataset {datasetId} in this project.</p>;
  const dataset = data.dataset;
  const runIds = chosenRuns(search.get("runs"), dataset.runs);
  const toggleRun = (id: string) => {
    const next = runIds.includes(id) ? runIds.filter((run) => run !== id) : [...runIds, id].slice(-10);
    setParams({ runs: next.join(",") || null });
  };
  return (
    <div className="page dataset-page">
      <header className="trace-head">
        <div className="trace-title">
          <Link href={paths.datasets(projectId)} className="muted">
            ← Datasets
          </Link>
          <h1>{dataset.name}</h1>
        </div>
        <div className="facts">
          {dataset.description && <span>{dataset.description}</span>}
          <span>{plural(dataset.itemCount, "item")}</span>
          <span>{plural(dataset.runs.length, "run")}</span>
          <span>created {formatTime(dataset.createdAt)}</span>
        </div>
      </header>
      <div className="view-switch" role="tablist" aria-label="Dataset views">
        {(
          [
            ["items", `Items (${dataset.itemCount})`],
            ["runs", `Runs (${dataset.runs.length})`],
            ["compare", "Compare runs"],
          ] as const
        ).map(([key, label]) => (
          <button key={key} type="button" role="tab" aria-pressed={tab === key} aria-selected={tab === key} onClick={() => setParams({ tab: key })}>
            {label}
          </button>
        ))}
      </div>
      {tab === "items" && (
        <DatasetItems
          projectId={projectId}
          datasetId={dataset.id}
          selected={search.get("item")}
          onSelect={(id) => setParams({ item: id })}
        />
      )}
      {tab === "runs" && (
        <RunTable runs={dataset.runs} chosen={runIds} onToggle={toggleRun} onCompare={() => setParams({ tab: "compare", runs: runIds.join(",") })} />
      )}
      {tab === "compare" &&
        (dataset.runs.length === 0 ? (
          <p className="muted">No runs yet: an experiment over this dataset makes one.</p>
        ) : (
          <>
            <RunPicker runs={dataset.runs} chosen={runIds} onToggle={toggleRun} />
            {runIds.length > 0 && <RunComparison projectId={projectId} datasetId={dataset.id} runIds={runIds} />}
          </>
        ))}
    </div>
  );
}

/** The items, a page at a time; the selected one (`?item=`) whole beside them. */
function DatasetItems({
  projectId,
  datasetId,
  selected,
  onSelect,
}: {
  projectId: string;
  datasetId: string;
  selected: string | null;
  onSelect(id: string | null): void;
}) {
  const client = useClient();
  const pages = usePages(datasetId, (after) =>
    fetchConnection(
      client,
      DATASET_ITEMS,
      { id: datasetId, first: PAGE_SIZE, after, withCount: after === null },
      (data) => data.dataset.items,
    ),
  );
  const item = pages.nodes.find((row) => row.id === selected) ?? null;
  return (
    <div className={item ? "items-body with-panel" : "items-body"}>
      {pages.error && <p className="form-error" role="alert">{pages.error}</p>}
      <VirtualTable
        label="Items"
        rows={pages.nodes}
        columns={ITEM_COLUMNS}
        rowKey={(row) => row.id}
        onOpen={(row) => onSelect(row.id)}
        hasMore={pages.hasMore}
        loading={pages.loading}
        onEndReached={pages.loadMore}
        empty="No items in this dataset."
      />
      {item && (
        <aside className="panel" aria-label="Item">
          <div className="panel-head">
            <h2>
              <code>{item.id}</code>
            </h2>
            <button type="button" className="close" aria-label="Close" onClick={() => onSelect(null)}>
              ×
            </button>
            <span className="muted">
              {item.status} · {formatTime(item.createdAt)}
              {item.sourceTraceId && (
                <>
                  {" "}
                  · from <Link href={paths.trace(projectId, item.sourceTraceId)}>trace {item.sourceTraceId}</Link>
                </>
              )}
            </span>
          </div>
          <Section title="Input">
            <JsonView value={item.input} openDepth={3} />
          </Section>
          <Section title="Expected output">
            <JsonView value={item.expectedOutput} openDepth={3} />
          </Section>
          {item.metadata !== null && item.metadata !== undefined && (
            <Section title="Metadata">
              <JsonView value={item.metadata} openDepth={2} />
            </Section>
          )}
        </aside>
      )}
    </div>
  );
}

function RunTable({
  runs,
  chosen,
  onToggle,
  onCompare,
}: {
  runs: DatasetRunRow[];
  chosen: string[];
  onToggle(id: string): void;
  onCompare(): void;
}) {
  if (runs.length === 0) return <p className="muted">No runs yet: an experiment over this dataset makes one.</p>;
  const scoreNames = [...new Set(runs.flatMap((run) => run.summary?.scores.map((s) => s.name) ?? []))].sort();
  return (
    <>
      <table className="kv runs" aria-label="Runs">
        <thead>
          <tr>
            <th>Compare</th>
            <th>Run</th>
            <th>Created</th>
            <th className="num">Items</th>
            <th className="num">Mean latency</th>
            <th className="num">Total cost</th>
            <th className="num">Mean cost</th>
            {scoreNames.map((name) => (
              <th key={name} className="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <input type="checkbox" aria-label={`Compare ${run.name}`} checked={chosen.includes(run.id)} onChange={() => onToggle(run.id)} />
              </td>
              <td>
                <b>{run.name}</b>
                {run.description && <span className="muted"> · {run.description}</span>}
              </td>
              <td>{formatTime(run.createdAt)}</td>
              <td className="num">{run.summary?.itemCount ?? 0}</td>
              <td className="num">{formatSeconds(run.summary?.averageLatency)}</td>
              <td className="num">{formatCost(run.summary?.totalCost)}</td>
              <td className="num">{formatCost(run.summary?.averageCost)}</td>
              {scoreNames.map((name) => {
                const score = run.summary?.scores.find((s) => s.name === name);
                return (
                  <td key={name} className="num" title={score ? `${score.count} scores` : undefined}>
                    {formatScore(score?.average)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={chosen.length === 0} onClick={onCompare}>
        Compare {plural(chosen.length, "run")} side by side
      </button>
    </>
  );
}

function RunPicker({ runs, chosen, onToggle }: { runs: DatasetRunRow[]; chosen: string[]; onToggle(id: string): void }) {
  return (
    <fieldset className="kind-filter" aria-label="Runs to compare">
      {runs.map((run) => (
        <label key={run.id}>
          <input type="checkbox" checked={chosen.includes(run.id)} onChange={() => onToggle(run.id)} /> {run.name}
        </label>
      ))}
    </fieldset>
  );
}
