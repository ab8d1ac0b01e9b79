import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { describe } from "../lib/errors";

export interface Page<Node> {
  nodes: Node[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount?: number | undefined;
}

/** Fetch the page after `after` (null: the first page, which also counts the whole list). */
export type FetchPage<Node> = (after: string | null) => Promise<Page<Node>>;

interface PagesState<Node> {
  nodes: Node[];
  cursor: string | null;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  totalCount: number | null;
}

const START: PagesState<never> = {
  nodes: [],
  cursor: null,
  hasMore: true,
  loading: true,
  error: null,
  totalCount: null,
};

/**
 * A keyset-paged list: the first page when `key` changes (the filters), the next one on
 * `loadMore()`. Answers for an older key are dropped.
 */
export function usePages<Node>(key: string, fetchPage: FetchPage<Node>) {
  const [state, setState] = useState<PagesState<Node>>(START);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;
  const generation = useRef(0);
  const inFlight = useRef(false);

  const load = useCallback((after: string | null, ofGeneration: number) => {
    inFlight.current = true;
    setState((previous) => (previous.loading ? previous : { ...previous, loading: true }));
    fetcher.current(after).then(
      (page) => {
        if (ofGeneration !== generation.current) return;
        inFlight.current = false;
        setState((previous) => ({
          nodes: after === null ? page.nodes : [...previous.nodes, ...page.nodes],
          cursor: page.endCursor,
          hasMore: page.hasNextPage,
          loading: false,
          error: null,
          totalCount: page.totalCount ?? previous.totalCount,
        }));
      },
      (error: unknown) => {
        if (ofGeneration !== generation.current) return;
        inFlight.current = false;
        setState((previous) => ({ ...previous, loading: false, hasMore: false, error: describe(error) }));
      },
    );
  }, []);

  // A layout effect: the first request leaves before the first paint, not after it.
  useLayoutEffect(() => {
    generation.current += 1;
    setState(START);
    load(null, generation.current);
  }, [key, load]);

  const latest = useRef(state);
  latest.current = state;
  const loadMore = useCallback(() => {
    const { hasMore, cursor } = latest.current;
    if (!inFlight.current && hasMore && cursor !== null) load(cursor, generation.current);
  }, [load]);

  return { ...state, loadMore };
}
