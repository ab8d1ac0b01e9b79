import { useMemo } from "react";
import { useQuery } from "urql";
import { useSearchParams } from "wouter";
import { errorMessage } from "../api/client";
import { DASHBOARD, type DashboardData, type MetricBucket, type TimeBucket } from "../api/metrics";
import { FILTER_CHOICES } from "../api/traces";
import { formatCost, formatCount, formatSeconds, formatTokens } from "../lib/format";
import { currentMinute, parseRange, RANGES } from "../lib/timeRange";
import { BarChart, type Point } from "./BarChart";
import { bucketLabel, DASHBOARD_RANGES, dashboardVariables } from "./buckets";

const TOP_MODELS = 10;

/** Traces, cost and tokens over time, latency percentiles, top models, error rate. */
export function DashboardPage() {
  const [search, setSearch] = useSearchParams();
  const range = parseRange(search.get("range"), "24h");
  const environment = search.get("env") ?? "";
  const variables = useMemo(
    () => dashboardVariables(DASHBOARD_RANGES.includes(range) ? range : "24h", environment, currentMinute()),
    [range, environment],
  );
  const [{ data, fetching, error }] = useQuery({ query: DASHBOARD, variables });
  const [choices] = useQuery({ query: FILTER_CHOICES, variables: {} });
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
        <select aria-label="Environment" value={environment} onChange={(event) => setParam("env", event.target.value)}>
          <option value="">All environments</option>
          {[...new Set([...(choices.data?.project.environments ?? []), ...(environment ? [environment] : [])])].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {fetching && <span className="muted">Loading…</span>}
      </div>
      {error && <p className="form-error">{errorMessage(error)}</p>}
      {data && <Figures data={data} bucket={variables.bucket} />}
    </div>
  );
}

function series(data: DashboardData, bucket: TimeBucket, pick: (bar: MetricBucket) => number | null): Point[] {
  return data.metrics.series.map((bar) => ({ label: bucketLabel(bar.start, bucket), value: pick(bar) }));
}

function Figures({ data, bucket }: { data: DashboardData; bucket: TimeBucket }) {
  const { totals, latency, usageByModel } = data.metrics;
  const errorRate = totals.traceCount ? totals.errorCount / totals.traceCount : null;
  // Unpriced models (null cost) after every priced one.
  const models = [...usageByModel].sort((a, b) => (b.totalCost ?? -1) - (a.totalCost ?? -1)).slice(0, TOP_MODELS);
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
        <BarChart title="Traces" points={series(data, bucket, (b) => b.traceCount)} format={formatCount} />
        <BarChart title="Errors" points={series(data, bucket, (b) => b.errorCount)} format={formatCount} />
        <BarChart title="Cost" points={series(data, bucket, (b) => b.totalCost)} format={formatCost} />
        <BarChart title="Tokens" points={series(data, bucket, (b) => b.usage.totalTokens || null)} format={formatCount} />
        <BarChart title="Latency p95" points={series(data, bucket, (b) => b.latency.p95)} format={formatSeconds} />
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
              <td className="num">{formatCost(model.totalCost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
