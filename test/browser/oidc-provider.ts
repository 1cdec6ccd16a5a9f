// A real OpenID provider (the npm package oidc-provider) for the browser tier, in a child process of
// its own (the package is ESM only, which jest's module system cannot load). It listens on loopback,
// knows one public client (the pages, PKCE required) and the accounts it is given, with their
// passwords, and issues JWT access tokens for the API's audience. Started by test/browser/oidc.ts:
// the settings come in OIDC_TEST_PROVIDER (JSON); "ready <issuer>" on stdout says it listens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface ProviderSettings {
  clientId: string;
  /** The pages' /sign-in: the redirect after sign-in and after sign-out. */
  redirectUri: string;
  /** The API's audience (JWT_AUDIENCE) and the resource indicator tokens are issued for. */
  audience: string;
  resource: string;
  /** The scope the API's tokens carry besides openid. */
  apiScope: string;
  accessTokenTtlSeconds: number;
  /** The signing key, a private RSA JWK with its kid. */
  signingKey: Record<string, unknown>;
  /** subject → password */
  accounts: Record<string, string>;
}

const settings = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}') as ProviderSettings;

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function loginForm(uid: string, error: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>City identity provider</title></head><body>
<main><h1>City identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="login" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></main></body></html>`;
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function main(): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: settings.clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        redirect_uris: [settings.redirectUri],
        post_logout_redirect_uris: [settings.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [settings.signingKey as never] },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', settings.apiScope],
    ttl: { AccessToken: settings.accessTokenTtlSeconds, IdToken: 3600, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 600 },
    findAccount: (_ctx, sub) => (sub in settings.accounts ? { accountId: sub, claims: () => ({ sub }) } : undefined),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => settings.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: settings.apiScope,
          audience: settings.audience,
          accessTokenTTL: settings.accessTokenTtlSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  const callback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const login = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!login) return void callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') {
        // The pages are the city's own client: no consent screen; the grant covers what they ask.
        const grant = details.grantId
          ? (await provider.Grant.find(details.grantId))!
          : new provider.Grant({ clientId: settings.clientId, accountId: details.session!.accountId });
        const missing = details.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
        return void (await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true }));
      }
      if (req.method === 'GET' && !login[2]) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid, null));
      const form = await body(req);
      const sub = form.get('login') ?? '';
      if (!(sub in settings.accounts) || settings.accounts[sub] !== form.get('password'))
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid, 'Wrong username or password'));
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  process.stdout.write(`ready ${issuer}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
