import { useLayoutEffect, useState } from "react";
import { useClient } from "urql";
import { OBSERVATION_SKELETON, SKELETON_PAGE } from "../api/observations";
import { fetchConnection } from "../api/pages";
import type { SkeletonNode } from "../api/types";
import { describe } from "../lib/errors";
import type { Page } from "../lists/usePages";
import { buildTree, TreeBuilder, type Tree } from "./tree";

export interface Skeleton {
  tree: Tree;
  done: boolean;
  error: string | null;
}

const EMPTY: Skeleton = { tree: buildTree([]), done: false, error: null };

/**
 * A trace's tree, page after page of skeleton rows in start order. Each page is shown as
 * it arrives, so the top of a 20,000-observation tree is on screen after the first.
 */
export function useSkeleton(traceId: string): Skeleton {
  const client = useClient();
  const [skeleton, setSkeleton] = useState<Skeleton>(EMPTY);

  // A layout effect: the first page is asked for before the first paint, not after it.
  useLayoutEffect(() => {
    let cancelled = false;
    setSkeleton(EMPTY);
    const builder = new TreeBuilder();
    const load = async () => {
      let after: string | null = null;
      for (;;) {
        const page: Page<SkeletonNode> = await fetchConnection(
          client,
          OBSERVATION_SKELETON,
          { traceId, first: SKELETON_PAGE, after },
          (data) => data.trace?.observations,
        );
        if (cancelled) return;
        setSkeleton({ tree: builder.add(page.nodes), done: !page.hasNextPage, error: null });
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
