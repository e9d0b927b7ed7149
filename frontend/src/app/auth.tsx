// The auth context: who is signed in, and the actions that change it.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import type { Api, RecoveryCodesDue, SecondFactorDue, SignedIn } from '../api/client';
import { ApiContext } from '../api/context';
import type { User } from '../api/session';
import type { SecondFactorRequest } from '../api/types';
import { configureDates } from '../components/dates';

/**
 * loading: restoring a stored session; unavailable: the server could not be
 * asked whether the stored session is still good (retry offered).
 */
export type AuthStatus = 'loading' | 'signed-in' | 'signed-out' | 'unavailable';

export interface AuthValue {
  status: AuthStatus;
  user: User | null;
  /** signIn checks the password: signed in, or a second factor is due (the session starts only with tokens). */
  signIn: (email: string, password: string) => Promise<SignedIn | SecondFactorDue>;
  /** finishSignIn sends the second factor; recovery codes from a setup during the sign-in come before the session. */
  finishSignIn: (body: SecondFactorRequest) => Promise<SignedIn | RecoveryCodesDue>;
  signOut: () => Promise<void>;
  retryRestore: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

function initialStatus(api: Api): AuthStatus {
  if (api.session.currentUser()) return 'signed-in';
  return api.session.refreshToken() ? 'loading' : 'signed-out';
}

/** AuthProvider follows the session and, on start, restores it from a stored refresh token. */
export function AuthProvider({ api, children }: { api: Api; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(() => {
    const current = api.session.currentUser();
    configureDates({ zone: current?.time_zone ?? null });
    return current;
  });
  const [status, setStatus] = useState<AuthStatus>(() => initialStatus(api));

  useEffect(
    () =>
      api.session.subscribe((next) => {
        // Times follow the user's chosen zone (the browser's when none); screens re-render with it.
        configureDates({ zone: next?.time_zone ?? null });
        setUser(next);
        setStatus(next ? 'signed-in' : 'signed-out');
        if (!next) queryClient.clear();
      }),
    [api, queryClient],
  );

  // settle asks the server once and records the outcome; on start the status is already 'loading'.
  const settle = useCallback(() => {
    void api.restore().then((outcome) => {
      if (outcome === 'unavailable') setStatus('unavailable');
      else setStatus(api.session.currentUser() ? 'signed-in' : 'signed-out');
    });
  }, [api]);

  const restore = useCallback(() => {
    setStatus('loading');
    settle();
  }, [settle]);

  // Once on start; api.restore() is shared, so StrictMode's second run makes no second call.
  useEffect(() => {
    if (initialStatus(api) === 'loading') settle();
  }, [api, settle]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      signIn: (email, password) => api.login(email, password),
      finishSignIn: (body) => api.secondFactor(body),
      signOut: () => api.logout(),
      retryRestore: restore,
    }),
    [api, status, user, restore],
  );

  return (
    <ApiContext.Provider value={api}>
      <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
    </ApiContext.Provider>
  );
}

/** useAuth returns the auth context; only inside <AuthProvider>. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** useSignedInUser returns the user on pages behind RequireAuth, where there always is one. */
export function useSignedInUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useSignedInUser used outside a signed-in route');
  return user;
}
