import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onPasswordChangeRequired, onSignedOut, sessionStore, type Session } from './api/client';
import type { LoginAnswer } from './api/views';
import type { Role } from '@jixiao/workflow';

interface Auth {
  session: Session | null;
  /** Why there is no session: the person signed out (start afresh) or it expired (come back to the same page). */
  endedBy: 'sign-out' | 'expiry' | null;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The one-time password was replaced: the whole console opens. */
  passwordChanged(): void;
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => sessionStore.read());
  const [endedBy, setEndedBy] = useState<Auth['endedBy']>(null);
  useEffect(
    () =>
      onSignedOut(() => {
        setEndedBy('expiry');
        setSession(null);
      }),
    [],
  );
  useEffect(() => onPasswordChangeRequired(() => setSession(sessionStore.read())), []);
  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await call<LoginAnswer>(() => api.POST('/api/auth/login', { body: { username, password } }));
    const next = { accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user };
    sessionStore.write(next);
    setSession(next);
  }, []);
  const signOut = useCallback(async () => {
    try {
      await call(() => api.POST('/api/auth/logout'));
    } catch {
      // Signed out here either way; the token expires on its own.
    }
    sessionStore.write(null);
    setEndedBy('sign-out');
    setSession(null);
  }, []);
  const passwordChanged = useCallback(() => {
    const current = sessionStore.read();
    if (!current) return;
    const next = { ...current, user: { ...current.user, mustChangePassword: false } };
    sessionStore.write(next);
    setSession(next);
  }, []);
  const value = useMemo<Auth>(
    () => ({ session, endedBy, signIn, signOut, passwordChanged, hasRole: (...roles) => roles.some((r) => session?.user.roles.includes(r)) }),
    [session, endedBy, signIn, signOut, passwordChanged],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
