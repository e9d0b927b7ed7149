import type { QueryKey } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { queryKeys } from '../../api/queries';
import { startLive } from './connection';

const caseId = '01900000-0000-7000-8000-0000000000ca';

function event(seq: number, kind = 'changed') {
  const data = JSON.stringify({
    id: `01900000-0000-7000-8000-00000000000${seq}`,
    seq,
    kind,
    occurred_at: '2026-12-05T10:00:00Z',
    case_id: caseId,
    entity_type: 'case',
    action: 'case.update',
    data: {},
  });
  return `id: ${seq}\nevent: ${kind}\ndata: ${data}\n\n`;
}

/** A response whose body streams chunks, then ends. */
function streamed(chunks: string[], status = 200): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
  return new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } });
}

function fakeApi(token = 'tok') {
  return {
    session: { token: () => token, msUntilExpiry: () => 60_000 } as never,
    refresh: vi.fn(() => Promise.resolve('refreshed' as const)),
  };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('startLive', () => {
  it('sends the token, invalidates what each event touches, and resumes with Last-Event-ID', async () => {
    const calls: Request[] = [];
    const responses = [
      streamed([': ping\n\n', event(4).slice(0, 10), event(4).slice(10), event(5)]),
      streamed([event(6)]),
    ];
    const fetch = vi.fn((url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(new Request(new URL(url as string, 'http://localhost'), init));
      return Promise.resolve(responses.shift() ?? new Promise<Response>(() => {}));
    });
    const invalidated: QueryKey[] = [];
    const queryClient = {
      invalidateQueries: vi.fn((f?: { queryKey?: QueryKey }) => {
        invalidated.push(f?.queryKey ?? ['*']);
        return Promise.resolve();
      }),
    };
    stop = startLive({ api: fakeApi(), queryClient, fetch, batchMs: 5, backoffMs: 5 });
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(3));
    const [first, second, third] = calls as [Request, Request, Request];
    expect(first.headers.get('Authorization')).toBe('Bearer tok');
    expect(first.headers.get('Last-Event-ID')).toBeNull();
    expect(second.headers.get('Last-Event-ID')).toBe('5');
    expect(third.headers.get('Last-Event-ID')).toBe('6');
    await vi.waitFor(() => expect(invalidated).toContainEqual(queryKeys.cases.detail(caseId)));
    expect(invalidated).toContainEqual(queryKeys.cases.lists);
    // Gathered: the two events of the first connection refetch each key once.
    const details = invalidated.filter((k) => JSON.stringify(k) === JSON.stringify(queryKeys.cases.detail(caseId)));
    expect(details.length).toBeLessThanOrEqual(2);
  });

  it('refetches everything on a reset and refreshes the token on a 401', async () => {
    const responses = [new Response(null, { status: 401 }), streamed(['id: 9\nevent: reset\ndata: {"head":9}\n\n'])];
    const fetch = vi.fn(() => Promise.resolve(responses.shift() ?? new Promise<Response>(() => {})));
    const queryClient = { invalidateQueries: vi.fn(async () => {}) };
    const api = fakeApi();
    stop = startLive({ api, queryClient, fetch, batchMs: 5, backoffMs: 5 });
    await vi.waitFor(() => expect(queryClient.invalidateQueries).toHaveBeenCalledWith());
    expect(api.refresh).toHaveBeenCalled();
  });
});
