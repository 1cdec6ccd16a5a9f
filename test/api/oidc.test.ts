import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import jwt from 'jsonwebtoken';
import { startApiApp, type ApiApp } from '../support/api-app';

const ISSUER = 'https://idp.test.example/realms/shenzhen';
const AUDIENCE = 'ai-pioneer-subsidies';

/**
 * The API with JWT_JWKS_URL: tokens of an OpenID Connect provider, verified against the key set it
 * publishes. The provider is a local HTTP server in this process serving a generated key set.
 */
describe('bearer tokens from an OIDC provider (JWKS)', () => {
  let api: ApiApp;
  let idp: Server;
  let key: KeyLike;
  let strangerKey: KeyLike;
  let jwksRequests = 0;

  const token = (claims: { sub?: string; iss?: string; aud?: string; exp?: number; kid?: string; signWith?: KeyLike; alg?: string } = {}): Promise<string> => {
    const t = new SignJWT({})
      .setProtectedHeader({ alg: claims.alg ?? 'RS256', kid: claims.kid ?? 'k1' })
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '10m');
    return (claims.sub === '' ? t : t.setSubject(claims.sub ?? 'officer-stic')).sign(claims.signWith ?? key);
  };
  const inbox = async (bearer: string): Promise<number> => (await api.http.get('/tasks').set('Authorization', `Bearer ${bearer}`)).status;

  beforeAll(async () => {
    const signing = await generateKeyPair('RS256');
    const older = await generateKeyPair('RS256');
    key = signing.privateKey;
    ({ privateKey: strangerKey } = await generateKeyPair('RS256'));
    const published = {
      keys: [
        { ...(await exportJWK(signing.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(older.publicKey)), kid: 'k0', alg: 'RS256', use: 'sig' },
      ],
    };
    idp = createServer((req, res) => {
      jwksRequests += 1;
      if (req.url !== '/jwks') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    api = await startApiApp({
      APP_ENV: 'production',
      JWT_SECRET: '',
      JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => idp?.close(resolve));
    for (const k of ['APP_ENV', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) delete process.env[k];
  });

  it('accepts the provider’s token for a registered user, fetching the key set once', async () => {
    expect(await inbox(await token())).toBe(200);
    expect(await inbox(await token({ sub: 'supervisor-stic' }))).toBe(200);
    expect(jwksRequests).toBe(1);
  });

  it('refuses a token of another issuer, for another audience, expired, without subject, or for no known user', async () => {
    expect(await inbox(await token({ iss: 'https://evil.example' }))).toBe(401);
    expect(await inbox(await token({ aud: 'another-service' }))).toBe(401);
    expect(await inbox(await token({ exp: Math.floor(Date.now() / 1000) - 60 }))).toBe(401);
    expect(await inbox(await token({ sub: '' }))).toBe(401);
    expect(await inbox(await token({ sub: 'nobody' }))).toBe(401);
  });

  it('refuses a token without an expiry, which would be good forever', async () => {
    const forever = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('officer-stic')
      .sign(key);
    const res = await api.http.get('/tasks').set('Authorization', `Bearer ${forever}`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ message: 'the bearer token is invalid or expired' });
  });

  it('refuses a token signed by a key the provider does not publish, whatever kid it names', async () => {
    expect(await inbox(await token({ signWith: strangerKey }))).toBe(401);
    expect(await inbox(await token({ signWith: strangerKey, kid: 'k0' }))).toBe(401);
    expect(await inbox(await token({ signWith: strangerKey, kid: 'unknown' }))).toBe(401);
  });

  it('refuses HS256 tokens, even one signed with the test key the HS256 mode would use', async () => {
    const hs = jwt.sign({}, 'test-secret-test-secret-test-secret-0123', { subject: 'admin', issuer: ISSUER, audience: AUDIENCE, algorithm: 'HS256' });
    expect(await inbox(hs)).toBe(401);
    expect((await api.http.post('/auth/dev-token').send({ userId: 'admin' })).status).toBe(404);
  });
});

describe('an OIDC provider that does not answer', () => {
  let api: ApiApp;
  beforeAll(async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    api = await startApiApp({
      APP_ENV: 'production',
      JWT_SECRET: '',
      JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
  });
  afterAll(async () => {
    await api?.close();
    for (const k of ['APP_ENV', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) delete process.env[k];
  });

  it('answers 503 (retry later), not 401 (your token is bad)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const t = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('admin')
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await api.http.get('/cases').set('Authorization', `Bearer ${t}`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ message: expect.stringContaining('identity provider does not answer'), zh: expect.any(String) });
    // A token that is no JWT at all needs no provider to be refused.
    expect((await api.http.get('/cases').set('Authorization', 'Bearer not.a.jwt')).status).toBe(401);
  });
});

describe('a key-set endpoint that answers, but not with a key set', () => {
  let api: ApiApp;
  let idp: Server;
  let answer: 'error' | 'html' = 'error';
  beforeAll(async () => {
    idp = createServer((_req, res) => {
      if (answer === 'error') return void res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    api = await startApiApp({
      APP_ENV: 'production',
      JWT_SECRET: '',
      JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
  });
  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => idp?.close(resolve));
    for (const k of ['APP_ENV', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) delete process.env[k];
  });

  it.each(['error', 'html'] as const)('answers 503, not 401, when the key set comes back as %s', async (what) => {
    answer = what;
    const { privateKey } = await generateKeyPair('RS256');
    const t = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('admin')
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await api.http.get('/cases').set('Authorization', `Bearer ${t}`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ message: expect.stringContaining('identity provider does not answer'), zh: expect.any(String) });
  });
});
