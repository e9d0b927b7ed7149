import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createApi } from '../../api/client';
import { ApiError } from '../../api/problem';
import { FakeServer, json, memoryStorage, tokens } from '../../test/fakeServer';
import { BASE_URL, CASE_ID, evidence, FakeXHR, problemBody } from './testing';
import { UploadInterrupted, uploadEvidence, uploadForm } from './upload';

function signedInApi(server = new FakeServer()) {
  const api = createApi({
    baseUrl: BASE_URL,
    fetch: server.fetch,
    storage: memoryStorage(),
    locks: null,
    events: null,
  });
  api.session.start(tokens(1));
  return api;
}

const fields = () => ({
  title: 'Firewall log',
  kind: 'log' as const,
  description: 'Outbound connections',
  source: 'fw01',
  collected_at: '2026-03-01T09:30:00.000Z',
  sha256: 'a'.repeat(64),
  file: new File(['abc'], 'fw.log'),
});

beforeEach(() => {
  FakeXHR.reset();
  vi.stubGlobal('XMLHttpRequest', FakeXHR);
});
afterEach(() => vi.unstubAllGlobals());

describe('uploadForm', () => {
  it('puts the metadata first and the file last, leaving out empty fields', () => {
    const form = uploadForm({ ...fields(), description: '', sha256: undefined });
    expect([...form.keys()]).toEqual(['title', 'kind', 'source', 'collected_at', 'file']);
    expect((form.get('file') as File).name).toBe('fw.log');
  });
});

describe('uploadEvidence', () => {
  it('posts the form with the access token and reports progress', async () => {
    const progress: number[] = [];
    const item = await uploadEvidence(signedInApi(), CASE_ID, fields(), {
      baseUrl: BASE_URL,
      onProgress: (p) => progress.push(p.loaded / p.total),
    });

    expect(item).toEqual(evidence());
    expect(FakeXHR.sent).toHaveLength(1);
    const [sent] = FakeXHR.sent;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe(`${BASE_URL}/cases/${CASE_ID}/evidence`);
    expect(sent?.headers.authorization).toBe('Bearer access-1');
    expect(sent?.body.get('sha256')).toBe('a'.repeat(64));
    expect([...(sent?.body.keys() ?? [])].at(-1)).toBe('file');
    expect(progress.at(-1)).toBe(1);
  });

  it('refreshes the session once on a 401 and sends the upload again', async () => {
    const server = new FakeServer().on('POST /auth/refresh', () => json(200, tokens(2)));
    FakeXHR.respond = (sent) =>
      sent.headers.authorization === 'Bearer access-2'
        ? { status: 201, body: evidence() }
        : { status: 401, body: problemBody(401, 'Unauthorized') };

    await expect(uploadEvidence(signedInApi(server), CASE_ID, fields(), { baseUrl: BASE_URL })).resolves.toEqual(
      evidence(),
    );
    expect(FakeXHR.sent.map((s) => s.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(server.count('POST /auth/refresh')).toBe(1);
  });

  it('gives up after one refresh', async () => {
    const server = new FakeServer().on('POST /auth/refresh', () => json(401, problemBody(401, 'Unauthorized')));
    FakeXHR.respond = () => ({ status: 401, body: problemBody(401, 'Unauthorized') });

    const api = signedInApi(server);
    await expect(uploadEvidence(api, CASE_ID, fields(), { baseUrl: BASE_URL })).rejects.toMatchObject({ status: 401 });
    expect(FakeXHR.sent).toHaveLength(1);
    expect(api.session.currentUser()).toBeNull(); // the refused refresh ended the session
  });

  it('renews a token about to expire before it starts', async () => {
    const server = new FakeServer().on('POST /auth/refresh', () => json(200, tokens(2)));
    const api = createApi({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      storage: memoryStorage(),
      locks: null,
      events: null,
    });
    api.session.start(tokens(1, undefined, 30)); // 30 s left

    await uploadEvidence(api, CASE_ID, fields(), { baseUrl: BASE_URL });
    expect(FakeXHR.sent[0]?.headers.authorization).toBe('Bearer access-2');
  });

  it('throws the problem of a refusal as an ApiError with its field errors', async () => {
    FakeXHR.respond = () => ({
      status: 422,
      body: problemBody(422, 'Unprocessable Entity', { errors: [{ field: 'sha256', message: 'does not match' }] }),
    });
    const error = await uploadEvidence(signedInApi(), CASE_ID, fields(), { baseUrl: BASE_URL }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors).toEqual({ sha256: 'does not match' });
  });

  it('throws an ApiError for a 413 even without a problem body', async () => {
    FakeXHR.respond = () => ({ status: 413 });
    await expect(uploadEvidence(signedInApi(), CASE_ID, fields(), { baseUrl: BASE_URL })).rejects.toMatchObject({
      status: 413,
    });
  });

  it('says when the connection failed', async () => {
    FakeXHR.respond = () => 'network-error';
    await expect(uploadEvidence(signedInApi(), CASE_ID, fields(), { baseUrl: BASE_URL })).rejects.toBeInstanceOf(
      UploadInterrupted,
    );
  });

  it('can be cancelled', async () => {
    FakeXHR.respond = () => 'pending';
    const controller = new AbortController();
    const upload = uploadEvidence(signedInApi(), CASE_ID, fields(), { baseUrl: BASE_URL, signal: controller.signal });
    await vi.waitFor(() => expect(FakeXHR.sent).toHaveLength(1));
    controller.abort();
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
  });
});
