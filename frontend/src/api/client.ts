// The one way the SPA reaches the network: a typed openapi-fetch client for the
// contract in openapi.yaml, with the session's tokens attached and silently renewed.
import createClient, { type Client, type Middleware } from 'openapi-fetch';

import { unwrap } from './problem';
import type { components, paths } from './schema';
import { REFRESH_TOKEN_KEY, Session, type TokenResponse, type User } from './session';

type SecondFactorChallenge = components['schemas']['SecondFactorChallenge'];
type SecondFactorRequest = components['schemas']['SecondFactorRequest'];

/** A sign-in step that ended in a session: it has started. */
export interface SignedIn {
  step: 'signed-in';
  user: User;
}

/** The password was right and a second factor is due (after setting one up when `enrolment_required`); no session yet. */
export interface SecondFactorDue {
  step: 'second-factor';
  challenge: SecondFactorChallenge;
}

/**
 * A second factor was set up during the sign-in: its recovery codes are to be shown, this once, before the
 * session starts. `enter` starts it.
 */
export interface RecoveryCodesDue {
  step: 'recovery-codes';
  user: User;
  recoveryCodes: string[];
  enter: () => void;
}

/** What a refresh attempt came to. `unavailable`: the server could not be asked; the session is kept. */
export type RefreshOutcome = 'refreshed' | 'signed-out' | 'unavailable';

/** The part of navigator.locks the client needs. */
export interface LockLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface ApiOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  storage?: Storage;
  /** Serialises refreshes across tabs; null runs without (tests, old browsers). */
  locks?: LockLike | null;
  /** Where storage events from other tabs arrive; null for none. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  now?: () => number;
}

export interface Api {
  client: Client<paths>;
  session: Session;
  /** login checks the password and starts the session, or says a second factor is due; throws ApiError on a refusal. */
  login(email: string, password: string): Promise<SignedIn | SecondFactorDue>;
  /** secondFactor finishes a sign-in that login answered with a challenge; throws ApiError on a refusal. */
  secondFactor(body: SecondFactorRequest): Promise<SignedIn | RecoveryCodesDue>;
  /** exchangeSingleSignOn trades a finished single sign-on's one-time code for a session; throws ApiError on a refusal. */
  exchangeSingleSignOn(code: string): Promise<User>;
  /** logout revokes the refresh token on the server (best effort) and ends the session. */
  logout(): Promise<void>;
  /** refresh exchanges the stored refresh token, once at a time across requests and tabs. */
  refresh(): Promise<RefreshOutcome>;
  /** restore resumes a session from a stored refresh token after a reload. */
  restore(): Promise<RefreshOutcome>;
  dispose(): void;
}

export const REFRESH_LOCK = 'caseward-refresh';
/** An access token this close to expiry is renewed before a request is sent. */
const EXPIRY_MARGIN_MS = 5_000;
/** The proactive refresh runs this long before expiry (at most a fifth of the lifetime). */
const REFRESH_LEAD_MS = 60_000;

const isAuthPath = (schemaPath: string) => schemaPath.startsWith('/auth/');

function browserLocks(): LockLike | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/** createApi wires a client, a session and the refresh logic; main.tsx makes the app's one instance. */
export function createApi(options: ApiOptions = {}): Api {
  const now = options.now ?? Date.now;
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  const events = options.events === undefined ? (typeof window === 'undefined' ? null : window) : options.events;
  const session = new Session(options.storage ?? window.localStorage, now);
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '/api/v1', fetch: options.fetch });

  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<RefreshOutcome> | null = null;
  let restoring: Promise<RefreshOutcome> | null = null;

  function begin(tokens: TokenResponse) {
    session.start(tokens);
    clearTimeout(timer);
    const lifetime = tokens.expires_in * 1000;
    const delay = Math.max(lifetime - Math.min(REFRESH_LEAD_MS, lifetime / 5), 1_000);
    timer = setTimeout(() => void refresh(), delay);
  }

  function end() {
    clearTimeout(timer);
    session.clear();
  }

  // Runs inside the cross-tab lock: the refresh token is read only now, since a
  // tab that held the lock before may have rotated it.
  async function exchange(): Promise<RefreshOutcome> {
    const token = session.refreshToken();
    if (!token) {
      end();
      return 'signed-out';
    }
    let result;
    try {
      result = await client.POST('/auth/refresh', { body: { refresh_token: token } });
    } catch {
      return 'unavailable';
    }
    if (result.data) {
      begin(result.data);
      return 'refreshed';
    }
    const status = result.response.status;
    if (status >= 500 || status === 429 || status === 408) return 'unavailable';
    end();
    return 'signed-out';
  }

  function refresh(): Promise<RefreshOutcome> {
    refreshing ??= (async () => {
      try {
        return locks ? await locks.request(REFRESH_LOCK, exchange) : await exchange();
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function restore(): Promise<RefreshOutcome> {
    if (!session.refreshToken()) return Promise.resolve('signed-out');
    restoring ??= refresh().then((outcome) => {
      if (outcome === 'unavailable') restoring = null; // let the user retry
      return outcome;
    });
    return restoring;
  }

  // Requests in flight: a clone to replay after a refresh, the token it carried,
  // and whether a refresh already ran for it.
  const inflight = new Map<string, { replay: Request; token: string | null; refreshed: boolean }>();

  const auth: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      if (isAuthPath(schemaPath)) return undefined;
      let refreshed = false;
      if (session.refreshToken() && session.msUntilExpiry() < EXPIRY_MARGIN_MS) {
        refreshed = (await refresh()) !== 'unavailable';
      }
      const token = session.token();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      inflight.set(id, { replay: request.clone(), token, refreshed });
      return request;
    },
    async onResponse({ response, id, options: { fetch } }) {
      const entry = inflight.get(id);
      inflight.delete(id);
      if (!entry || response.status !== 401) return undefined;
      let token = session.token();
      if (!token || token === entry.token) {
        // Nobody renewed the token since this request left: refresh once.
        if (entry.refreshed || (await refresh()) !== 'refreshed') return undefined;
        token = session.token();
      }
      if (!token) return undefined;
      entry.replay.headers.set('Authorization', `Bearer ${token}`);
      return fetch(entry.replay);
    },
    onError({ id }) {
      inflight.delete(id);
    },
  };
  client.use(auth);

  // Another tab signed out (or its refresh failed): this tab is signed out too.
  const onStorage = (e: StorageEvent) => {
    if ((e.key === REFRESH_TOKEN_KEY || e.key === null) && !session.refreshToken() && session.currentUser()) {
      clearTimeout(timer);
      session.forgetLocally();
    }
  };
  events?.addEventListener('storage', onStorage);

  return {
    client,
    session,
    async login(email, password) {
      const answer = unwrap(await client.POST('/auth/login', { body: { email, password } }));
      if ('challenge' in answer) return { step: 'second-factor', challenge: answer };
      begin(answer);
      return { step: 'signed-in', user: answer.user };
    },
    async secondFactor(body) {
      const tokens = unwrap(await client.POST('/auth/second-factor', { body }));
      const recoveryCodes = tokens.recovery_codes ?? [];
      if (recoveryCodes.length === 0) {
        begin(tokens);
        return { step: 'signed-in', user: tokens.user };
      }
      // The tokens wait, in memory only, while the codes are read: the access token's life runs meanwhile.
      const received = now();
      const enter = () => {
        const waited = Math.floor((now() - received) / 1000);
        begin({ ...tokens, expires_in: Math.max(0, tokens.expires_in - waited) });
      };
      return { step: 'recovery-codes', user: tokens.user, recoveryCodes, enter };
    },
    async exchangeSingleSignOn(code) {
      const tokens = unwrap(await client.POST('/auth/oidc/exchange', { body: { code } }));
      begin(tokens);
      return tokens.user;
    },
    async logout() {
      // Signed out here first, so that nothing is sent with the access token the server is about
      // to refuse (a list refetching as the page changes would get a 401); then the server revokes it.
      const token = session.refreshToken();
      end();
      try {
        if (token) await client.POST('/auth/logout', { body: { refresh_token: token } });
      } catch {
        // Signed out here regardless; the server-side token expires on its own.
      }
    },
    refresh,
    restore,
    dispose() {
      clearTimeout(timer);
      events?.removeEventListener('storage', onStorage);
    },
  };
}
