import { useLayoutEffect, useState } from "react";
import { useClient } from "urql";
import { OBSERVATION_SKELETON, SKELETON_PAGE } from "../api/observations";
import { fetchConnection } from "../api/pages";
import type { SkeletonNode } from "../api/types";
import { describe } from "../lib/errors";
import type { Page } from "../lists/usePages";

export interface Skeleton {
  nodes: SkeletonNode[];
  done: boolean;
  error: string | null;
}

/**
 * A trace's tree skeleton, page after page in start order. Each page is shown as it
 * arrives, so the top of a 20,000-observation tree is on screen after the first.
 */
const EMPTY: Skeleton = { nodes: [], done: false, error: null };

export function useSkeleton(traceId: string): Skeleton {
  const client = useClient();
  const [skeleton, setSkeleton] = useState<Skeleton>(EMPTY);

  // A layout effect: the first page is asked for before the first paint, not after it.
  useLayoutEffect(() => {
    let cancelled = false;
    setSkeleton(EMPTY);
    const load = async () => {
      let nodes: SkeletonNode[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page<SkeletonNode> = await fetchConnection(
          client,
          OBSERVATION_SKELETON,
          { traceId, first: SKELETON_PAGE, after },
          (data) => data.trace?.observations,
        );
        if (cancelled) return;
        nodes = nodes.concat(page.nodes);
        setSkeleton({ nodes, done: !page.hasNextPage, error: null });
        if (!page.hasNextPage) return;
        after = page.endCursor;
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
