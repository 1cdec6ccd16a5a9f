// Sign-in at the OpenID provider: authorization code with PKCE (S256) for a public client. Tokens are
// kept in memory only (session.tsx); sessionStorage holds just what must cross the redirect (state,
// nonce, code verifier, where to go back) and, while signed in, a flag saying so (never a token).

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** null: this origin's /sign-in */
  redirectUri: string | null;
  scopes: string;
}

export interface OidcTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  refreshToken: string | null;
  idToken: string;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

const PENDING = 'oidc.pending';
const SIGNED_IN = 'oidc.signed-in';

export const redirectUriOf = (s: OidcSettings): string => s.redirectUri ?? `${window.location.origin}/sign-in`;

let discovered: Promise<Discovery> | null = null;
/** The provider's endpoints, from its discovery document (once per page load). */
function discover(s: OidcSettings): Promise<Discovery> {
  discovered ??= (async () => {
    const res = await fetch(`${s.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const d = (await res.json()) as Discovery;
    if (d.issuer !== s.issuer) throw new Error(`the provider names itself ${d.issuer}, not ${s.issuer}`);
    return d;
  })().catch((err: unknown) => {
    discovered = null;
    throw err;
  });
  return discovered;
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Goes to the provider's sign-in; `silent` asks it to answer at once from its own session (prompt=none). */
export async function beginSignIn(s: OidcSettings, next: string, silent = false): Promise<void> {
  const d = await discover(s);
  const pending: Pending = { state: random(), nonce: random(), verifier: random(), next };
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: redirectUriOf(s),
    scope: s.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(silent ? { prompt: 'none' } : {}),
  }).toString();
  window.location.assign(url.toString());
}

/** Whether this URL is the provider's answer to a sign-in begun here. */
export const isCallback = (params: URLSearchParams): boolean => params.has('state') && (params.has('code') || params.has('error'));

/**
 * Redeems the provider's answer for tokens. Returns null when the provider's session had ended
 * (a silent sign-in answered login_required) and throws on anything else that went wrong.
 */
export async function completeSignIn(s: OidcSettings, params: URLSearchParams): Promise<{ tokens: OidcTokens; next: string } | null> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  if (!pending || params.get('state') !== pending.state) throw new Error('the sign-in answer does not match a sign-in begun here');
  const error = params.get('error');
  if (error) {
    if (['login_required', 'interaction_required', 'consent_required'].includes(error)) return null;
    throw new Error(params.get('error_description') ?? error);
  }
  const tokens = await tokenRequest(s, {
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: redirectUriOf(s),
    code_verifier: pending.verifier,
  });
  const claims = payloadOf(tokens.idToken);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  // Straight from the token endpoint over TLS, so the claims are checked, not the signature (OIDC Core 3.1.3.7).
  if (claims.iss !== s.issuer || !audiences.includes(s.clientId) || claims.nonce !== pending.nonce) throw new Error('the ID token is not for this sign-in');
  sessionStorage.setItem(SIGNED_IN, '1');
  return { tokens, next: pending.next };
}

/** New tokens for a refresh token (kept in memory); the provider may rotate the refresh token too. */
export async function renew(s: OidcSettings, current: OidcTokens): Promise<OidcTokens> {
  if (!current.refreshToken) throw new Error('no refresh token');
  const next = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: current.refreshToken });
  return { ...next, refreshToken: next.refreshToken ?? current.refreshToken, idToken: next.idToken || current.idToken };
}

/** Whether a sign-in at the provider happened in this tab (so a reload may sign in again silently). */
export const wasSignedIn = (): boolean => sessionStorage.getItem(SIGNED_IN) === '1';

/** Forgets the tab's sign-in and ends the provider's session, coming back to the sign-in page. */
export async function signOutAtProvider(s: OidcSettings, idToken: string): Promise<void> {
  sessionStorage.removeItem(SIGNED_IN);
  const d = await discover(s);
  if (!d.end_session_endpoint) return;
  const url = new URL(d.end_session_endpoint);
  url.search = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: redirectUriOf(s), client_id: s.clientId }).toString();
  window.location.assign(url.toString());
}

export function forgetSignIn(): void {
  sessionStorage.removeItem(SIGNED_IN);
}

async function tokenRequest(s: OidcSettings, body: Record<string, string>): Promise<OidcTokens> {
  const d = await discover(s);
  const res = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...body, client_id: s.clientId }),
  });
  const r = (await res.json()) as { access_token?: string; expires_in?: number; refresh_token?: string; id_token?: string; error?: string };
  if (!res.ok || !r.access_token) throw new Error(r.error ?? `the token endpoint answered ${res.status}`);
  return {
    accessToken: r.access_token,
    expiresAt: Date.now() + (r.expires_in ?? 300) * 1000,
    refreshToken: r.refresh_token ?? null,
    idToken: r.id_token ?? '',
  };
}

function payloadOf(jwt: string): { iss?: unknown; aud?: unknown; nonce?: unknown } {
  const part = jwt.split('.')[1] ?? '';
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { iss?: unknown; aud?: unknown; nonce?: unknown };
  } catch {
    return {};
  }
}
