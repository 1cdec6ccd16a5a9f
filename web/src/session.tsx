import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setOnUnauthorized, setToken } from './api/client';
import type { Role } from './api/types';

export interface Session {
  token: string;
  userId: string;
  role: Role | null;
}

interface SessionCtx {
  session: Session | null;
  signIn(s: Session): void;
  signOut(): void;
}

const Ctx = createContext<SessionCtx | null>(null);
const KEY = 'session';

function restore(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    if (s && typeof s.token === 'string') {
      setToken(s.token);
      return s;
    }
  } catch {
    // A corrupt entry is the same as none.
  }
  return null;
}

/** A token from an identity provider: the user is its subject; the role, if the token carries one. */
export function sessionFromToken(token: string): Session | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; role?: unknown };
    if (typeof claims.sub !== 'string') return null;
    const role = ['applicant', 'officer', 'supervisor', 'finance', 'admin'].includes(String(claims.role)) ? (claims.role as Role) : null;
    return { token, userId: claims.sub, role };
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(restore);
  const queries = useQueryClient();
  const signOut = useCallback(() => {
    localStorage.removeItem(KEY);
    setToken(null);
    setSession(null);
    queries.clear();
  }, [queries]);
  setOnUnauthorized(signOut);
  const value = useMemo<SessionCtx>(
    () => ({
      session,
      signIn(s) {
        queries.clear();
        localStorage.setItem(KEY, JSON.stringify(s));
        setToken(s.token);
        setSession(s);
      },
      signOut,
    }),
    [session, signOut, queries],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** Where each role starts. */
export function homeOf(role: Role | null): string {
  switch (role) {
    case 'applicant':
      return '/portal';
    case 'officer':
    case 'supervisor':
      return '/workbench';
    case 'admin':
      return '/console';
    case 'finance':
      return '/finance';
    case null:
      return '/portal';
  }
}
