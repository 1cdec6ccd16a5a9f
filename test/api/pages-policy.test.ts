import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiApp, type ApiApp } from '../support/api-app';

const ISSUER = 'https://idp.test.example:8443/realms/shenzhen';

/**
 * The pages' index.html as the API serves it in OIDC mode: a strict Content-Security-Policy that lets
 * the pages talk to the API and to the provider's origin only, and the client settings the pages
 * sign in with. (A stand-in index.html: what is checked is the API's answer, not the build.)
 */
describe('the pages in OIDC mode', () => {
  let api: ApiApp;
  let dist: string;

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'pages-policy-'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>pages</title><div id="root"></div>');
    api = await startApiApp(
      {
        APP_ENV: 'production',
        JWT_SECRET: '',
        // Nothing listens there: no token is verified in this test.
        JWT_JWKS_URL: 'http://127.0.0.1:9/jwks',
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: 'ai-pioneer-subsidies',
        OIDC_CLIENT_ID: 'subsidy-pages',
      },
      undefined,
      { webDist: dist },
    );
  });
  afterAll(async () => {
    await api?.close();
    await rm(dist, { recursive: true, force: true });
    for (const k of ['APP_ENV', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'OIDC_CLIENT_ID']) delete process.env[k];
  });

  it('serves index.html with a strict Content-Security-Policy naming the provider’s origin', async () => {
    for (const path of ['/', '/sign-in', '/workbench/tasks/t-1']) {
      const res = await api.http.get(path);
      expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({ path, status: 200, type: expect.stringMatching(/^text\/html/) });
      const directives = Object.fromEntries(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(directives).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'", "'unsafe-eval'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'connect-src': ["'self'", 'https://idp.test.example:8443'],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      });
    }
  });

  it('tells the pages the provider to sign in at, and that dev tokens are off', async () => {
    const res = await api.http.get('/web-config.json');
    expect(res.body).toMatchObject({
      devTokens: false,
      oidc: { issuer: ISSUER, clientId: 'subsidy-pages', redirectUri: null, scopes: 'openid' },
    });
  });
});
