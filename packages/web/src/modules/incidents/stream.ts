import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { IncidentStreamEvent } from '@zhili/contracts';
import { INCIDENTS_KEY } from './incidentsApi.ts';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

const EVENT_TYPES = ['created', 'changed', 'clock'] as const;

/**
 * Follows `GET /api/incidents/stream`. Each event refreshes the affected detail at once and the
 * lists at most once a second (a busy centre sends many events; one refetch covers them all).
 * A dropped connection is reopened with backoff, and the lists refetch after it to catch what
 * was missed meanwhile.
 */
export function useIncidentStream(enabled = true): StreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let closed = false;

    const refreshLists = () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'list'] });
      }, 300);
    };
    const onEvent = (e: MessageEvent<string>) => {
      let ev: Partial<IncidentStreamEvent> = {};
      try {
        ev = JSON.parse(e.data) as Partial<IncidentStreamEvent>;
      } catch {
        // A comment or keep-alive: nothing to refresh.
        return;
      }
      if (ev.id) void qc.invalidateQueries({ queryKey: [...INCIDENTS_KEY, 'detail', ev.id] });
      refreshLists();
    };
    const open = () => {
      if (closed) return;
      es = new EventSource('/api/incidents/stream', { withCredentials: true });
      es.onopen = () => {
        if (attempt > 0) refreshLists();
        attempt = 0;
        setState('live');
      };
      es.onmessage = onEvent;
      for (const type of EVENT_TYPES) es.addEventListener(type, onEvent as EventListener);
      es.onerror = () => {
        setState('reconnecting');
        // The browser retries by itself unless the server refused (then readyState is CLOSED).
        if (es && es.readyState === EventSource.CLOSED) {
          es.close();
          attempt += 1;
          retry = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
        } else {
          attempt += 1;
        }
      };
    };
    open();
    return () => {
      closed = true;
      es?.close();
      if (retry) clearTimeout(retry);
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [enabled, qc]);

  return state;
}
