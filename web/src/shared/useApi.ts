import { useCallback, useEffect, useState } from 'react';
import { get, type ApiError } from '../api';
import { asApiError } from './problem';

interface State<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
}

/** GETs `path` (null = nothing to load) and reloads when it changes; keeps the last data while loading. */
export function useApi<T>(path: string | null) {
  const [state, setState] = useState<State<T>>({ loading: path !== null });
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    get<T>(path, controller.signal).then(
      (data) => setState({ data, loading: false }),
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ error: asApiError(err), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
