/**
 * Live data: one request every two seconds for a whole page (an aggregated answer, never one request
 * per message); a 401 means the session ended.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api.js';

export const REFRESH_MS = 2000;

export function usePolled<T>(
  path: string,
  onSignedOut: () => void,
  every: number | null = REFRESH_MS,
): { data: T | null; error: string; reload(): void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await api<T>('GET', path);
        if (stopped) return;
        setData(next);
        setError('');
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && err.status === 401) return onSignedOut();
        setError(err instanceof Error ? err.message : 'Herald could not be reached');
      }
      if (!stopped && every !== null) timer = setTimeout(load, every);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export const isoShort = (iso: string | null) =>
  iso === null ? '—' : new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
