// The signed-in state shared by the API client and the UI.
import type { components } from './schema';

export type User = components['schemas']['User'];
export type TokenResponse = components['schemas']['TokenResponse'];

/** REFRESH_TOKEN_KEY is the localStorage key of the refresh token, shared by all tabs. */
export const REFRESH_TOKEN_KEY = 'caseward.refresh_token';

type Listener = (user: User | null) => void;

/**
 * Session keeps the access token in memory only (gone on reload, never readable
 * by another tab) and the refresh token in localStorage, so a reload or a new
 * tab can restore the session. The refresh token is always read from storage,
 * never cached, because another tab may have rotated it.
 */
export class Session {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private user: User | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** start records a fresh token pair from login or refresh. */
  start(tokens: TokenResponse): void {
    this.accessToken = tokens.access_token;
    this.expiresAt = this.now() + tokens.expires_in * 1000;
    this.storage.setItem(REFRESH_TOKEN_KEY, tokens.refresh_token);
    this.setUser(tokens.user);
  }

  /** clear forgets both tokens and the user. */
  clear(): void {
    this.accessToken = null;
    this.expiresAt = 0;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.setUser(null);
  }

  /** forgetLocally drops the in-memory state after another tab removed the refresh token. */
  forgetLocally(): void {
    this.accessToken = null;
    this.expiresAt = 0;
    this.setUser(null);
  }

  refreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  token(): string | null {
    return this.accessToken;
  }

  /** msUntilExpiry is how long the access token stays valid (≤ 0 when there is none). */
  msUntilExpiry(): number {
    return this.accessToken ? this.expiresAt - this.now() : 0;
  }

  currentUser(): User | null {
    return this.user;
  }

  setUser(user: User | null): void {
    this.user = user;
    for (const listener of this.listeners) listener(user);
  }

  /** subscribe calls listener on every sign-in, refresh and sign-out; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
