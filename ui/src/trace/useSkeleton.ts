import { useLayoutEffect, useState } from "react";
import { useClient } from "urql";
import { errorMessage } from "../api/client";
import { TRACE_SKELETON } from "../api/observations";
import type { SkeletonNode, TraceSkeleton } from "../api/types";
import { describe } from "../lib/errors";
import { buildTree, TreeBuilder, type Tree } from "./tree";

/** Rows placed per task: the page stays responsive while a 20,000-row tree is built. */
const BUILD_CHUNK = 2500;

/** Let the browser paint and handle input between chunks (a macrotask, not a microtask). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

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
 * (up to 20,000) without payloads, as columns, in one statement on the server. The tree is
 * built a chunk per task (the first one drawn at once), so no single task holds the page.
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
      const nodes = skeletonNodes(columns);
      const builder = new TreeBuilder();
      for (let start = 0; ; start += BUILD_CHUNK) {
        const tree = builder.add(nodes.slice(start, start + BUILD_CHUNK));
        const done = start + BUILD_CHUNK >= nodes.length;
        // Drawn twice: the first chunk's rows at once, then the whole tree (each drawing
        // walks the tree, so drawing every chunk would cost more than building them).
        if (start === 0 || done) setSkeleton({ tree, done, truncated: columns.truncated, error: null });
        if (done) return;
        await nextTask();
        if (cancelled) return;
      }
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
