import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { setOnUnauthorized, setToken } from './api/client';
import * as endpoints from './api/endpoints';
import type { Role } from './api/types';
import { renew, signOutAtProvider, forgetSignIn, type OidcTokens } from './oidc';

export interface Session {
  token: string;
  userId: string;
  role: Role | null;
  /** Tokens of a sign-in at the OpenID provider: memory only, renewed before they expire. */
  oidc?: OidcTokens;
}

interface SessionCtx {
  session: Session | null;
  signIn(s: Session): void;
  signOut(): void;
}

const Ctx = createContext<SessionCtx | null>(null);
// Dev sign-ins only (development): kept for the tab in sessionStorage, so a reload keeps a developer
// signed in. A provider's tokens are never written anywhere; a reload signs in again at the provider.
const DEV_KEY = 'dev-session';

function restore(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(DEV_KEY) ?? 'null') as Session | null;
    if (s && typeof s.token === 'string') {
      setToken(s.token);
      return s;
    }
  } catch {
    // A corrupt entry is the same as none.
  }
  return null;
}

/** Renews this long before expiry: a minute, or a quarter of a short token's life. */
const renewLead = (tokens: OidcTokens, now: number): number => Math.min(60_000, Math.max(0, tokens.expiresAt - now) / 4);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(restore);
  const queries = useQueryClient();
  const config = useQuery({ queryKey: ['web-config'], queryFn: endpoints.webConfig, staleTime: Infinity });
  const oidc = config.data?.oidc ?? null;
  const current = useRef(session);
  current.current = session;

  const drop = useCallback(() => {
    sessionStorage.removeItem(DEV_KEY);
    setToken(null);
    setSession(null);
    queries.clear();
  }, [queries]);
  const signOut = useCallback(() => {
    const tokens = current.current?.oidc;
    drop();
    if (tokens && oidc) void signOutAtProvider(oidc, tokens.idToken);
    else forgetSignIn();
  }, [drop, oidc]);
  // A refused token ends the session here; the provider's own session is left for a silent sign-in.
  setOnUnauthorized(() => {
    forgetSignIn();
    drop();
  });

  const tokens = session?.oidc;
  useEffect(() => {
    if (!tokens || !oidc || !tokens.refreshToken) return;
    const timer = setTimeout(
      () => {
        renew(oidc, tokens).then(
          (next) => {
            setToken(next.accessToken);
            setSession((s) => (s ? { ...s, token: next.accessToken, oidc: next } : s));
          },
          () => {
            forgetSignIn();
            drop();
          },
        );
      },
      Math.max(0, tokens.expiresAt - Date.now() - renewLead(tokens, Date.now())),
    );
    return () => clearTimeout(timer);
  }, [tokens, oidc, drop]);

  const value = useMemo<SessionCtx>(
    () => ({
      session,
      signIn(s) {
        queries.clear();
        if (!s.oidc) sessionStorage.setItem(DEV_KEY, JSON.stringify(s));
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

/** The policy packs as the signed-in user sees them: the API lists their own city's first (one cache entry per user). */
export function usePacks() {
  const userId = useSession().session?.userId ?? null;
  return useQuery({ queryKey: ['packs', userId], queryFn: endpoints.packs });
}

/** The signed-in user's city (from GET /auth/me), or null before sign-in or while it loads. */
export function useJurisdiction(): string | null {
  const userId = useSession().session?.userId ?? null;
  const me = useQuery({ queryKey: ['me', userId], queryFn: endpoints.me, enabled: userId !== null, staleTime: Infinity });
  return me.data?.jurisdictionId ?? null;
}
