// One live connection per signed-in tab: GET /api/v1/events read with fetch
// (so that it carries the Authorization header), parsed as server-sent
// events, resumed with Last-Event-ID after a drop, with backoff.
import type { QueryClient, QueryKey } from '@tanstack/react-query';

import type { Api } from '../../api/client';
import { keysFor, type LiveEvent } from './invalidate';
import { SseParser } from './sse';

export interface LiveOptions {
  api: Pick<Api, 'session' | 'refresh'>;
  queryClient: Pick<QueryClient, 'invalidateQueries'>;
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Invalidations are gathered this long, so a burst of events refetches each query once. */
  batchMs?: number;
  /** The first wait before reconnecting; it doubles up to maxBackoffMs and resets once events flow. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** startLive runs the tab's live connection until the returned stop is called. */
export function startLive(options: LiveOptions): () => void {
  const { api, queryClient } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = options.baseUrl ?? '/api/v1';
  const batchMs = options.batchMs ?? 200;
  const firstBackoff = options.backoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let pending = new Map<string, QueryKey>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  function flush() {
    flushTimer = undefined;
    const keys = [...pending.values()];
    pending = new Map();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  }

  function stale(keys: QueryKey[]) {
    for (const k of keys) pending.set(JSON.stringify(k), k);
    flushTimer ??= setTimeout(flush, batchMs);
  }

  function handle(message: { id?: string; event: string; data: string }) {
    if (message.id !== undefined) lastEventId = message.id;
    if (message.event === 'reset') {
      // What happened in between is not known: everything shown may be stale.
      void queryClient.invalidateQueries();
      return;
    }
    let event: LiveEvent;
    try {
      event = JSON.parse(message.data) as LiveEvent;
    } catch {
      return;
    }
    stale(keysFor(event));
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    });

  async function connectOnce(): Promise<'events' | 'nothing' | 'unauthorized'> {
    if (api.session.msUntilExpiry() < 5_000) await api.refresh();
    const token = api.session.token();
    if (!token) return 'unauthorized';
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    const response = await doFetch(`${baseUrl}/events`, { headers, signal: controller.signal, cache: 'no-store' });
    if (response.status === 401) return 'unauthorized';
    if (!response.ok || !response.body) return 'nothing';
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    let got: 'events' | 'nothing' = 'nothing';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.feed(value)) {
          got = 'events';
          handle(message);
        }
      }
    } finally {
      reader.releaseLock();
    }
    return got;
  }

  void (async () => {
    let backoff = firstBackoff;
    while (!controller.signal.aborted) {
      let outcome: Awaited<ReturnType<typeof connectOnce>> = 'nothing';
      try {
        outcome = await connectOnce();
      } catch {
        // The network dropped or the stream was stopped.
      }
      if (controller.signal.aborted) break;
      if (outcome === 'unauthorized' && (await api.refresh()) === 'signed-out') break;
      if (outcome === 'events') backoff = firstBackoff;
      await sleep(backoff * (0.5 + Math.random() / 2));
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  })();

  return () => {
    controller.abort();
    clearTimeout(flushTimer);
  };
}
