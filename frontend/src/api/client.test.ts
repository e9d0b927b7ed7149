import { afterEach, describe, expect, it, vi } from 'vitest';

import { BASE_URL } from '../test/renderApp';
import { challenge, FakeServer, json, memoryStorage, problem, testUser, tokens } from '../test/fakeServer';
import { createApi, REFRESH_LOCK, type ApiOptions, type LockLike } from './client';
import { ApiError, unwrap } from './problem';
import { REFRESH_TOKEN_KEY } from './session';

const apis: { dispose(): void }[] = [];
afterEach(() => {
  for (const api of apis.splice(0)) api.dispose();
  vi.useRealTimers();
});

function setup(options: ApiOptions = {}) {
  const server = new FakeServer();
  const storage = options.storage ?? memoryStorage();
  const api = createApi({ baseUrl: BASE_URL, fetch: server.fetch, storage, locks: null, events: null, ...options });
  apis.push(api);
  return { server, storage, api };
}

/** Signs in through the API so the session holds access-1 / refresh-1. */
async function signIn(api: ReturnType<typeof setup>['api'], server: FakeServer) {
  server.on('POST /auth/login', () => json(200, tokens(1)));
  await api.login('ada@example.org', 'correct horse battery');
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auth middleware', () => {
  it('sends the access token and, after a 401, refreshes once and retries with the new token', async () => {
    const { server, storage, api } = setup();
    await signIn(api, server);
    server
      .on('GET /me', (c) =>
        c.authorization === 'Bearer access-2' ? json(200, testUser) : problem(401, 'Unauthorized'),
      )
      .on('POST /auth/refresh', () => json(200, tokens(2)));

    const me = unwrap(await api.client.GET('/me'));

    expect(me.email).toBe('ada@example.org');
    expect(server.calls.map((c) => `${c.method} ${c.path} ${c.authorization ?? '-'}`)).toEqual([
      'POST /auth/login -',
      'GET /me Bearer access-1',
      'POST /auth/refresh -',
      'GET /me Bearer access-2',
    ]);
    expect(server.calls[2]?.body).toEqual({ refresh_token: 'refresh-1' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('retries only once when the renewed token is refused too', async () => {
    const { server, api } = setup();
    await signIn(api, server);
    server.on('GET /me', () => problem(401, 'Unauthorized')).on('POST /auth/refresh', () => json(200, tokens(2)));

    const result = await api.client.GET('/me');

    expect(result.response.status).toBe(401);
    expect(server.count('GET /me')).toBe(2);
    expect(server.count('POST /auth/refresh')).toBe(1);
  });

  it('clears the session when the refresh is refused', async () => {
    const { server, storage, api } = setup();
    await signIn(api, server);
    const seen: (string | null)[] = [];
    api.session.subscribe((u) => seen.push(u?.email ?? null));
    server
      .on('GET /me', () => problem(401, 'Unauthorized'))
      .on('POST /auth/refresh', () => problem(401, 'Unauthorized'));

    const result = await api.client.GET('/me');

    expect(result.response.status).toBe(401);
    expect(server.count('GET /me')).toBe(1);
    expect(api.session.currentUser()).toBeNull();
    expect(api.session.token()).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('keeps the session when the server cannot be reached for the refresh', async () => {
    const { server, storage, api } = setup();
    await signIn(api, server);
    server
      .on('GET /me', () => problem(401, 'Unauthorized'))
      .on('POST /auth/refresh', () => {
        throw new TypeError('Failed to fetch');
      });

    const result = await api.client.GET('/me');

    expect(result.response.status).toBe(401);
    expect(api.session.currentUser()?.email).toBe('ada@example.org');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('shares one refresh between concurrent requests that get a 401', async () => {
    const { server, api } = setup();
    await signIn(api, server);
    server
      .on('GET /me', (c) =>
        c.authorization === 'Bearer access-2' ? json(200, testUser) : problem(401, 'Unauthorized'),
      )
      .on('POST /auth/refresh', async () => {
        await delay(20); // all three 401s arrive while this refresh is still running
        return json(200, tokens(2));
      });

    const results = await Promise.all([api.client.GET('/me'), api.client.GET('/me'), api.client.GET('/me')]);

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect(server.calls.filter((c) => c.path === '/me').map((c) => c.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-1',
      'Bearer access-1',
      'Bearer access-2',
      'Bearer access-2',
      'Bearer access-2',
    ]);
  });

  it('does not refresh on a 401 from the auth endpoints themselves', async () => {
    const { server, api } = setup();
    server.on('POST /auth/login', () => problem(401, 'Unauthorized', { detail: 'Email or password is incorrect.' }));

    const error = await api.login('ada@example.org', 'wrong').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(server.calls.map((c) => c.path)).toEqual(['/auth/login']);
  });
});

describe('refresh', () => {
  it('runs under the cross-tab lock and reads the refresh token inside it', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    let release: () => void = () => {};
    const names: string[] = [];
    const locks: LockLike = {
      async request(name, callback) {
        names.push(name);
        await new Promise<void>((resolve) => (release = resolve)); // another tab holds the lock…
        return callback();
      },
    };
    const { server, api } = setup({ storage, locks });
    server.on('POST /auth/refresh', () => json(200, tokens(3)));

    const outcome = api.refresh();
    await delay(0);
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-2'); // …and rotates the token before it lets go
    release();

    expect(await outcome).toBe('refreshed');
    expect(names).toEqual([REFRESH_LOCK]);
    expect(server.calls.map((c) => c.body)).toEqual([{ refresh_token: 'refresh-2' }]);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
  });

  it('restores a stored session once even when asked twice', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const { server, api } = setup({ storage });
    server.on('POST /auth/refresh', () => json(200, tokens(2)));

    const outcomes = await Promise.all([api.restore(), api.restore()]);

    expect(outcomes).toEqual(['refreshed', 'refreshed']);
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect(api.session.currentUser()?.name).toBe('Ada Lovelace');
  });

  it('renews the access token shortly before it expires', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { server, api } = setup();
    await signIn(api, server); // expires_in 900 s
    server.on('POST /auth/refresh', () => json(200, tokens(2)));

    await vi.advanceTimersByTimeAsync(830_000);
    expect(server.count('POST /auth/refresh')).toBe(0);
    await vi.advanceTimersByTimeAsync(20_000); // 14 min 10 s: one minute before expiry
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect(api.session.token()).toBe('access-2');
  });

  it('signs this tab out when another tab removes the refresh token', async () => {
    const target = new EventTarget();
    const events = target as unknown as Pick<Window, 'addEventListener' | 'removeEventListener'>;
    const { server, storage, api } = setup({ events });
    await signIn(api, server);

    storage.removeItem(REFRESH_TOKEN_KEY);
    target.dispatchEvent(Object.assign(new Event('storage'), { key: REFRESH_TOKEN_KEY, newValue: null }));

    expect(api.session.currentUser()).toBeNull();
    expect(api.session.token()).toBeNull();
  });

  it('logout revokes the refresh token on the server and ends the session', async () => {
    const { server, storage, api } = setup();
    await signIn(api, server);
    let signedInDuringLogout: unknown = 'not asked';
    server.on('POST /auth/logout', () => {
      signedInDuringLogout = api.session.currentUser();
      return new Response(null, { status: 204 });
    });

    await api.logout();

    expect(server.calls.at(-1)).toMatchObject({ path: '/auth/logout', body: { refresh_token: 'refresh-1' } });
    // Nothing else is sent with the access token once the server is asked to revoke it.
    expect(signedInDuringLogout).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(api.session.currentUser()).toBeNull();
  });
});

describe('sign-in with a second factor', () => {
  it('starts no session when the password step answers with a challenge', async () => {
    const { server, storage, api } = setup();
    server.on('POST /auth/login', () => json(202, challenge()));

    const step = await api.login('ada@example.org', 'correct horse battery');

    expect(step).toEqual({ step: 'second-factor', challenge: challenge() });
    expect(api.session.currentUser()).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('starts the session with the tokens the code brings, sending no access token', async () => {
    const { server, api } = setup();
    server.on('POST /auth/second-factor', () => json(200, tokens(1)));

    const step = await api.secondFactor({ challenge: 'code-challenge', code: '123456' });

    expect(step).toEqual({ step: 'signed-in', user: testUser });
    expect(api.session.token()).toBe('access-1');
    expect(server.calls[0]).toMatchObject({
      authorization: null,
      body: { challenge: 'code-challenge', code: '123456' },
    });
  });

  it('holds the session back until the recovery codes of a new second factor have been seen', async () => {
    let clock = 1_000_000;
    const { server, storage, api } = setup({ now: () => clock });
    const codes = ['abcd-efgh-ijkl-mnop', 'qrst-uvwx-yz23-4567'];
    server.on('POST /auth/second-factor', () => json(200, { ...tokens(1), recovery_codes: codes }));

    const step = await api.secondFactor({ challenge: 'enrol-challenge', code: '123456' });

    expect(step.step).toBe('recovery-codes');
    if (step.step !== 'recovery-codes') return;
    expect(step.recoveryCodes).toEqual(codes);
    expect(api.session.currentUser()).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();

    clock += 300_000; // five minutes reading the codes: the access token has ten minutes left
    step.enter();
    expect(api.session.currentUser()).toEqual(testUser);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(api.session.msUntilExpiry()).toBe(600_000);
  });
});
