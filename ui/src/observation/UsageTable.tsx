import type { ObservationDetail } from "../api/types";
import { formatCost, formatCount, formatTokens } from "../lib/format";

/** Tokens and cost per usage key (input, cached input, output, reasoning…), then totals. */
export function UsageTable({ observation }: { observation: ObservationDetail }) {
  const { usageDetails, costDetails } = observation;
  const keys = [...new Set([...Object.keys(usageDetails), ...Object.keys(costDetails ?? {})])]
    .filter((key) => key !== "total")
    .sort();
  if (observation.usage === null && observation.totalCost === null) return <p className="muted">No usage recorded.</p>;
  return (
    <table className="kv usage">
      <thead>
        <tr>
          <th>Usage key</th>
          <th className="num">Tokens</th>
          <th className="num">Cost</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <td>{key}</td>
            <td className="num">{key in usageDetails ? formatCount(usageDetails[key]!) : "–"}</td>
            <td className="num">{formatCost(costDetails?.[key])}</td>
          </tr>
        ))}
        <tr className="total">
          <td>total</td>
          <td className="num">{formatTokens(observation.usage?.totalTokens)}</td>
          <td className="num">{formatCost(observation.totalCost)}</td>
        </tr>
      </tbody>
    </table>
  );
}
