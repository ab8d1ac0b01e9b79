import { useLayoutEffect, useState } from "react";
import { useClient } from "urql";
import { errorMessage } from "../api/client";
import { TRACE_SKELETON } from "../api/observations";
import type { SkeletonNode, TraceSkeleton } from "../api/types";
import { describe } from "../lib/errors";
import { buildTree, type Tree } from "./tree";

export interface Skeleton {
  tree: Tree;
  done: boolean;
  /** More observations exist than the server gives in one skeleton (20,000). */
  truncated: boolean;
  error: string | null;
}

const EMPTY: Skeleton = { tree: buildTree([]), done: false, truncated: false, error: null };

/** The skeleton's columns as one node per row. */
export function skeletonNodes(columns: TraceSkeleton): SkeletonNode[] {
  const nodes: SkeletonNode[] = new Array(columns.ids.length);
  for (let index = 0; index < columns.ids.length; index++) {
    nodes[index] = {
      id: columns.ids[index]!,
      parentObservationId: columns.parentIds[index] ?? null,
      type: columns.types[index]!,
      name: columns.names[index] ?? null,
      startTime: columns.startTimes[index]!,
      endTime: columns.endTimes[index] ?? null,
      level: columns.levels[index]!,
      totalTokens: columns.totalTokens[index]!,
      totalCost: columns.totalCosts[index] ?? null,
    };
  }
  return nodes;
}

/**
 * A trace's whole tree, from one request: `Trace.skeleton` answers every observation
 * (up to 20,000) without payloads, as columns, in one statement on the server.
 */
export function useSkeleton(traceId: string): Skeleton {
  const client = useClient();
  const [skeleton, setSkeleton] = useState<Skeleton>(EMPTY);

  // A layout effect: the request leaves before the first paint, not after it.
  useLayoutEffect(() => {
    let cancelled = false;
    setSkeleton(EMPTY);
    const load = async () => {
      const result = await client
        .query(TRACE_SKELETON, { traceId }, { requestPolicy: "network-only" })
        .toPromise();
      if (cancelled) return;
      const columns = result.data?.trace?.skeleton;
      if (!columns) throw new Error(errorMessage(result.error) || "Not found");
      setSkeleton({ tree: buildTree(skeletonNodes(columns)), done: true, truncated: columns.truncated, error: null });
    };
    load().catch((error: unknown) => {
      if (!cancelled) setSkeleton((previous) => ({ ...previous, done: true, error: describe(error) }));
    });
    return () => {
      cancelled = true;
    };
  }, [client, traceId]);

  return skeleton;
}
