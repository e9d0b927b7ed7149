// Test helpers for the evidence screens: sample items and custody events, a scripted
// XMLHttpRequest for uploads, and rendering for a signed-in user against a FakeServer.
import { testUser } from '../../test/fakeServer';
import type { CustodyEvent, Evidence } from './types';

export { BASE_URL } from '../../test/renderApp';
export const CASE_ID = '0190a5f0-0000-7000-8000-0000000000c1';
export const EVIDENCE_ID = '0190a5f0-0000-7000-8000-0000000000b1';
/** SHA-256 of the three bytes "abc" (FIPS 180-2 test vector). */
export const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

export function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    id: EVIDENCE_ID,
    case_id: CASE_ID,
    title: 'Firewall log',
    kind: 'log',
    description: 'Outbound connections 01:00–03:00',
    source: 'fw01:/var/log/fw.log',
    collected_at: '2026-03-01T09:30:00Z',
    collected_by_id: testUser.id,
    file_name: 'fw.log',
    file_size: 1536,
    sha256: ABC_SHA256,
    content_type: 'text/plain; charset=utf-8',
    last_verified_at: null,
    last_verified_ok: null,
    version: 1,
    ...overrides,
  };
}

export function custodyEvent(overrides: Partial<CustodyEvent> = {}): CustodyEvent {
  return {
    id: '0190a5f0-0000-7000-8000-0000000000d1',
    evidence_id: EVIDENCE_ID,
    action: 'collected',
    actor_id: testUser.id,
    from_party: 'fw01',
    to_party: testUser.email,
    location: '',
    purpose: 'collection',
    occurred_at: '2026-03-01T09:30:00Z',
    time_zone: 'UTC',
    note: '',
    ...overrides,
  };
}

/** renderSignedIn renders ui for a signed-in user (a responder by default); see renderComponent. */
export { renderComponent as renderSignedIn } from '../../test/renderComponent';

export interface SentUpload {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: FormData;
  xhr: FakeXHR;
}

type Responder = (
  sent: SentUpload,
) => { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error' | 'pending';

/**
 * FakeXHR stands in for XMLHttpRequest: each send is kept in FakeXHR.sent and answered by
 * FakeXHR.respond (a 201 with a sample item by default), after one progress event per half.
 */
export class FakeXHR {
  static sent: SentUpload[] = [];
  static respond: Responder = () => ({ status: 201, body: evidence() });

  static reset(): void {
    FakeXHR.sent = [];
    FakeXHR.respond = () => ({ status: 201, body: evidence() });
  }

  status = 0;
  responseType = '';
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private method = '';
  private url = '';
  private headers: Record<string, string> = {};
  private responseHeaders: Record<string, string> = {};

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  abort(): void {
    setTimeout(() => this.onabort?.(), 0);
  }

  send(body: FormData): void {
    const sent: SentUpload = { method: this.method, url: this.url, headers: { ...this.headers }, body, xhr: this };
    FakeXHR.sent.push(sent);
    const answer = FakeXHR.respond(sent);
    if (answer === 'pending') return;
    setTimeout(() => {
      const file = body.get('file');
      const total = file instanceof Blob ? file.size + 200 : 200;
      this.upload.onprogress?.({ lengthComputable: true, loaded: Math.floor(total / 2), total });
      this.upload.onprogress?.({ lengthComputable: true, loaded: total, total });
      if (answer === 'network-error') {
        this.onerror?.();
        return;
      }
      this.status = answer.status;
      this.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body);
      for (const [k, v] of Object.entries(answer.headers ?? {})) this.responseHeaders[k.toLowerCase()] = v;
      this.onload?.();
    }, 0);
  }
}

/** problemBody is a problem+json document as the server sends it. */
export function problemBody(status: number, title: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title, status, ...extra };
}
