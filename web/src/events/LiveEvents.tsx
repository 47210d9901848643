// Live updates: one EventSource on /api/v1/events per tab. Every change, agent status and backup
// progress refreshes the views that show it; features can also listen to the events themselves.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { queryKeys } from '../api/query-keys';

/** The events the stream sends (docs/api/events.md); `data` is the parsed JSON. */
export type LiveEventType = 'ready' | 'change' | 'agent' | 'backup' | 'reset' | 'signed-out';

export interface ChangeEvent {
  key: string;
  type: 'put' | 'delete';
  revision: number;
  directory: string;
}

export type LiveListener = (type: LiveEventType, data: Record<string, unknown>) => void;

interface LiveEvents {
  /** Whether the stream is open (false while reconnecting). */
  readonly connected: boolean;
  /** The newest revision the stream has told about. */
  readonly revision: number | undefined;
  /** Calls `listener` for every event until the returned function is called. */
  subscribe(listener: LiveListener): () => void;
}

const LiveEventsContext = createContext<LiveEvents | undefined>(undefined);

const EVENT_TYPES: readonly LiveEventType[] = ['ready', 'change', 'agent', 'backup', 'reset', 'signed-out'];

/** Opens the stream while mounted (inside the signed-in shell) and refreshes views on events. */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Set<LiveListener>());
  const [connected, setConnected] = useState(false);
  const [revision, setRevision] = useState<number | undefined>(undefined);

  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const handlers = EVENT_TYPES.map((type) => {
      const handler = (event: MessageEvent<string>) => {
        const data = JSON.parse(event.data) as Record<string, unknown>;
        if (typeof data.revision === 'number') setRevision(data.revision);
        // Listeners first: a view may note what the event names before its queries are read again.
        for (const listener of listeners.current) listener(type, data);
        refreshViews(type, data);
      };
      source.addEventListener(type, handler);
      return [type, handler] as const;
    });
    const refreshViews = (type: LiveEventType, data: Record<string, unknown>) => {
      if (type === 'change') {
        const directory = String(data.directory ?? '');
        void queryClient.invalidateQueries({ queryKey: queryKeys.directory(directory) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.directories });
      } else if (type === 'agent') {
        void queryClient.invalidateQueries({ queryKey: queryKeys.agents });
        if (typeof data.directory === 'string')
          void queryClient.invalidateQueries({ queryKey: queryKeys.directory(data.directory) });
      } else if (type === 'backup' && data.done === true) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.backups });
      } else if (type === 'reset' || type === 'signed-out') {
        void queryClient.invalidateQueries();
      }
    };
    return () => {
      for (const [type, handler] of handlers) source.removeEventListener(type, handler);
      source.close();
    };
  }, [queryClient]);

  const value = useMemo<LiveEvents>(
    () => ({
      connected,
      revision,
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [connected, revision],
  );
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

/**
 * The live stream's state, and `subscribe` for views that need the events themselves.
 *
 * @example
 * const live = useLiveEvents();
 * useEffect(() => live.subscribe((type, data) => { if (type === 'backup') setProgress(data); }), [live]);
 */
export function useLiveEvents(): LiveEvents {
  const value = useContext(LiveEventsContext);
  if (value === undefined) throw new Error('useLiveEvents is used outside LiveEventsProvider');
  return value;
}
