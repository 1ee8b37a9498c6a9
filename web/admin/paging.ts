import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError } from '../shared/api';

export interface PageOf<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface PagedList<T> {
  items: T[];
  /** The error to show, in words for the person. */
  error: string | null;
  loading: boolean;
  hasMore: boolean;
  /** Appends the next page. */
  more: () => void;
  /** Starts again from the first page. */
  reload: () => void;
  /** Puts a changed item in place of the one with its id. */
  replace: (item: T) => void;
}

/**
 * A list the API pages with first/after: the first page when `deps` change,
 * the next appended on `more`, so the order the API gives is kept.
 */
export function usePagedList<T extends { id: string }>(
  load: (after: string | null) => Promise<PageOf<T>>,
  deps: readonly unknown[],
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  const fetchPage = (after: string | null, isCurrent: () => boolean) => {
    setLoading(true);
    setError(null);
    load(after).then(
      (page) => {
        if (!isCurrent()) return;
        setItems((previous) => (after ? [...previous, ...page.nodes] : page.nodes));
        setCursor(page.pageInfo.endCursor);
        setHasMore(page.pageInfo.hasNextPage);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!isCurrent()) return;
        setError(describeError(failure));
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    let current = true;
    setItems([]);
    fetchPage(null, () => current);
    return () => {
      current = false;
    };
  }, [...deps, round]);

  return {
    items,
    error,
    loading,
    hasMore,
    more: () => fetchPage(cursor, () => true),
    reload: useCallback(() => setRound((value) => value + 1), []),
    replace: (item: T) =>
      setItems((previous) => previous.map((each) => (each.id === item.id ? item : each))),
  };
}
