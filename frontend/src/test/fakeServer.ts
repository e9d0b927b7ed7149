// A scripted stand-in for the API's fetch: each route answers from a queue or a function, and every call is kept.
import type { TokenResponse, User } from '../api/session';
import type { SecondFactorChallenge } from '../api/types';

export interface Call {
  method: string;
  path: string;
  /** The query string's parameters (repeated ones kept). */
  query: URLSearchParams;
  authorization: string | null;
  /** The If-Match header, for optimistic-concurrency checks. */
  ifMatch: string | null;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export const testUser: User = {
  id: '0190a5f0-0000-7000-8000-000000000001',
  email: 'ada@example.org',
  name: 'Ada Lovelace',
  role: 'responder',
  department_id: null,
  disabled: false,
  time_zone: null,
  created_at: '2026-01-05T09:00:00Z',
  version: 1,
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function problem(status: number, title: string, extra: Record<string, unknown> = {}, headers = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

export function tokens(n: number, user: User = testUser, expiresIn = 900): TokenResponse {
  return {
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    token_type: 'Bearer',
    expires_in: expiresIn,
    user,
  };
}

/** challenge is login's 202 answer: a second factor is due (after setting one up, with `enrolmentRequired`). */
export function challenge(enrolmentRequired = false): SecondFactorChallenge {
  return {
    challenge: enrolmentRequired ? 'enrol-challenge' : 'code-challenge',
    expires_at: '2026-03-02T09:10:00Z',
    enrolment_required: enrolmentRequired,
  };
}

/** FakeServer routes "METHOD /path" (path after /api/v1) to handlers; unrouted calls are a 404 problem. */
export class FakeServer {
  readonly calls: Call[] = [];
  private readonly routes = new Map<string, Handler>();

  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  count(route: string): number {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route).length;
  }

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const text = await request.text();
    const call: Call = {
      method: request.method,
      path,
      query: url.searchParams,
      authorization: request.headers.get('Authorization'),
      ifMatch: request.headers.get('If-Match'),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    this.calls.push(call);
    const handler = this.routes.get(`${call.method} ${call.path}`);
    return handler ? handler(call) : problem(404, 'Not Found');
  };
}

/** memoryStorage is a Storage kept in a Map, one per test. */
export function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
}
