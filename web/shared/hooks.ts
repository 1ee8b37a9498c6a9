import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError } from './api';

export interface Loaded<T> {
  data: T | null;
  /** The error to show, in words for the person. */
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `deps` (the caller names what the load depends on), and again on `reload`. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        current && setState({ data: null, error: describeError(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}

export interface Action<TArgs extends unknown[], TResult> {
  run: (...args: TArgs) => Promise<TResult | null>;
  busy: boolean;
  error: string | null;
  clearError: () => void;
}

/** A change the person starts (a button, a form): busy while it runs, its error kept to show. */
export function useAction<TArgs extends unknown[], TResult>(
  act: (...args: TArgs) => Promise<TResult>,
): Action<TArgs, TResult> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (...args: TArgs): Promise<TResult | null> => {
    setBusy(true);
    setError(null);
    try {
      return await act(...args);
    } catch (failure) {
      setError(describeError(failure));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, clearError: () => setError(null) };
}
