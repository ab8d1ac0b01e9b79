import { useMemo } from "react";
import { useQuery } from "urql";
import { useSearchParams } from "wouter";
import { errorMessage } from "../api/client";
import { dashboardQuery, type DashboardData, type ModelUsage } from "../api/metrics";
import { formatCost, formatCount, formatSeconds, formatTokens } from "../lib/format";
import { currentMinute, parseRange, RANGES } from "../lib/timeRange";
import { BarChart, type Point } from "./BarChart";
import { buckets, DASHBOARD_RANGES, dashboardVariables, type Bucket } from "./buckets";

const TOP_MODELS = 10;

/** Traces, cost and tokens over time, latency percentiles, top models, error rate. */
export function DashboardPage() {
  const [search, setSearch] = useSearchParams();
  const range = parseRange(search.get("range"), "24h");
  const environment = search.get("env") ?? "";
  const bars = useMemo(() => buckets(DASHBOARD_RANGES.includes(range) ? range : "24h", currentMinute()), [range]);
  const variables = useMemo(() => dashboardVariables(bars, environment), [bars, environment]);
  const [{ data, fetching, error }] = useQuery({ query: dashboardQuery(bars.length), variables });
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };

  return (
    <div className="page dashboard">
      <div className="toolbar">
        <h1>Dashboard</h1>
        <select aria-label="Time range" value={range} onChange={(event) => setParam("range", event.target.value)}>
          {RANGES.filter((choice) => DASHBOARD_RANGES.includes(choice.key)).map((choice) => (
            <option key={choice.key} value={choice.key}>
              {choice.label}
            </option>
          ))}
        </select>
        <input
          aria-label="Environment"
          placeholder="Environment"
          defaultValue={environment}
          onKeyDown={(event) => event.key === "Enter" && setParam("env", event.currentTarget.value.trim())}
        />
        {fetching && <span className="muted">Loading…</span>}
      </div>
      {error && <p className="form-error">{errorMessage(error)}</p>}
      {data && <Figures data={data} bars={bars} />}
    </div>
  );
}

function series(data: DashboardData, bars: Bucket[], pick: (totals: DashboardData[`b${number}`]["totals"]) => number | null): Point[] {
  return bars.map((bucket, index) => ({ label: bucket.label, value: pick(data[`b${index}`]!.totals) }));
}

/**
 * ModelUsage.totalCost is non-null in the schema, so an unpriced model answers 0; shown as
 * unknown until the schema says null (ui/SERVER_NEEDS.md).
 */
function modelCost(model: ModelUsage): number | null {
  return model.totalCost === 0 ? null : model.totalCost;
}

function Figures({ data, bars }: { data: DashboardData; bars: Bucket[] }) {
  const { totals, latency, usageByModel } = data.metrics;
  const errorRate = totals.traceCount ? data.errors.totalCount / totals.traceCount : null;
  const models = [...usageByModel].sort((a, b) => b.totalCost - a.totalCost).slice(0, TOP_MODELS);
  const cards: [string, string][] = [
    ["Traces", formatCount(totals.traceCount)],
    ["Observations", formatCount(totals.observationCount)],
    ["Cost", formatCost(totals.totalCost)],
    ["Tokens", formatTokens(totals.usage.totalTokens)],
    ["Latency p50", formatSeconds(latency.p50)],
    ["Latency p95", formatSeconds(latency.p95)],
    ["Error rate", errorRate === null ? "–" : `${(errorRate * 100).toFixed(1)}%`],
  ];
  return (
    <>
      <div className="cards">
        {cards.map(([label, value]) => (
          <div key={label} className="card">
            <div className="muted small">{label}</div>
            <div className="card-value">{value}</div>
          </div>
        ))}
      </div>
      <div className="charts">
        <BarChart title="Traces" points={series(data, bars, (b) => b.traceCount)} format={formatCount} />
        <BarChart title="Cost" points={series(data, bars, (b) => b.totalCost)} format={formatCost} />
        <BarChart title="Tokens" points={series(data, bars, (b) => b.usage.totalTokens || null)} format={formatCount} />
      </div>
      <h2>Top models by cost</h2>
      <table className="kv models">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Observations</th>
            <th className="num">Traces</th>
            <th className="num">Tokens</th>
            <th className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.model ?? ""}>
              <td>{model.model ?? <span className="muted">no model</span>}</td>
              <td className="num">{formatCount(model.observationCount)}</td>
              <td className="num">{formatCount(model.traceCount)}</td>
              <td className="num">{formatTokens(model.usage.totalTokens)}</td>
              <td className="num">{formatCost(modelCost(model))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
