import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { Browser, Page, Request } from 'playwright-core';
import { PrismaService } from '../../src/database/prisma.service';
import { seedFixtureDocuments } from '../support/documents';
import { m2Submission } from '../support/fixtures';
import { launch, screenshot, visibleText } from './browser';
import type { ProviderSettings } from './oidc-provider';
import { startBrowserStack, type BrowserStack } from './stack';

// The pages in OIDC mode against a real OpenID provider (oidc-provider, in a child process on
// loopback): an officer signs in through the provider's login form, decides a task, keeps working
// across a token renewal and a reload, and signs out at the provider.
jest.setTimeout(120_000);

const CLIENT_ID = 'subsidy-pages';
const AUDIENCE = 'ai-pioneer-subsidies';
const OFFICER = 'officer-stic';
const PASSWORD = 'correct horse battery staple';
// Short, so the pages renew the token (at three quarters of its life) while the test runs.
const ACCESS_TTL_SECONDS = 20;

let provider: ChildProcess;
let issuer = '';
let stack: BrowserStack;
let browser: Browser;
let signingKey: KeyLike;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

async function startProvider(settings: ProviderSettings): Promise<void> {
  provider = spawn(process.execPath, ['-r', 'ts-node/register', join(__dirname, 'oidc-provider.ts')], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', OIDC_TEST_PROVIDER: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  provider.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
  issuer = await new Promise<string>((resolve, reject) => {
    createInterface({ input: provider.stdout! }).on('line', (line) => {
      if (line.startsWith('ready ')) resolve(line.slice('ready '.length));
    });
    provider.on('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${stderr}`)));
  });
}

beforeAll(async () => {
  const keys = await generateKeyPair('RS256', { extractable: true });
  signingKey = keys.privateKey;
  const port = await freePort();
  await startProvider({
    clientId: CLIENT_ID,
    redirectUri: `http://127.0.0.1:${port}/sign-in`,
    audience: AUDIENCE,
    resource: 'urn:ai-pioneer-subsidies',
    apiScope: 'subsidies',
    accessTokenTtlSeconds: ACCESS_TTL_SECONDS,
    signingKey: { ...(await exportJWK(keys.privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' },
    accounts: { [OFFICER]: PASSWORD, 'applicant-lingxi': 'another password' },
  });
  [stack, browser] = await Promise.all([
    startBrowserStack({
      PORT: String(port),
      JWT_SECRET: '',
      DEV_TOKENS: 'false',
      JWT_JWKS_URL: `${issuer}/jwks`,
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: AUDIENCE,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_SCOPES: 'openid subsidies',
    }),
    launch(),
  ]);
  await seedFixtureDocuments(stack.app!.get(PrismaService));
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  provider?.kill();
  for (const k of ['PORT', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'OIDC_CLIENT_ID', 'OIDC_SCOPES']) delete process.env[k];
});

/** An applicant's case for the officer to decide, submitted with a token signed by the provider's key (setup only). */
async function submitCase(): Promise<string> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setSubject('applicant-lingxi')
    .setExpirationTime('5m')
    .sign(signingKey);
  const res = await fetch(`${stack.url}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(m2Submission()),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

const bearerOf = (r: Request): string | null => r.headers()['authorization']?.replace(/^Bearer /, '') ?? null;
const apiCall = (r: Request): boolean => new URL(r.url()).pathname.startsWith('/tasks') && bearerOf(r) !== null;
/** Everything the pages keep in the browser's storage, as one string. */
const storage = (page: Page): Promise<string> => page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));

describe('signing in at the OpenID provider', () => {
  it('signs an officer in through the provider, decides a task, renews the token, survives a reload and signs out at the provider', async () => {
    const reference = await submitCase();
    const context = await browser.newContext({ baseURL: stack.url, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    // No dev sign-in here: the only way in is the provider.
    await page.goto('/workbench');
    await page.waitForURL(/\/sign-in\?next=%2Fworkbench$/);
    await page.getByRole('button', { name: '通过统一身份认证登录' }).waitFor();
    expect(await page.getByRole('button', { name: /以此身份登录/ }).count()).toBe(0);
    await screenshot(page, 'oidc-01-sign-in');
    await page.getByRole('button', { name: '通过统一身份认证登录' }).click();

    // The provider's own login form, on its origin; a wrong password is refused there.
    await page.waitForURL((u) => u.origin === issuer);
    await page.getByLabel('Username').fill(OFFICER);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
    await page.getByLabel('Username').fill(OFFICER);
    await page.getByLabel('Password').fill(PASSWORD);
    const firstCall = page.waitForRequest(apiCall);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Back on the pages, where the sign-in began, as the officer the provider's subject names.
    await page.waitForURL((u) => u.origin === stack.url && u.pathname === '/workbench');
    await page.getByRole('heading', { level: 1, name: '本部门待办任务', exact: true }).waitFor();
    expect(await visibleText(page.getByTestId('current-user'))).toBe(OFFICER);
    const token = bearerOf(await firstCall)!;
    expect(token.split('.')).toHaveLength(3);
    // The token is held in memory: nothing the pages store names it.
    expect(await storage(page)).not.toContain(token);
    expect(await storage(page)).not.toContain(token.split('.')[2]);

    // Claim and approve the task.
    const row = page.getByRole('row', { name: new RegExp(reference) });
    await row.waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: `认领 ${reference}` }).click();
    await row.getByText('已认领').waitFor();
    await row.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`审核任务 ${reference}`) }).waitFor();
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.getByRole('heading', { level: 1 }).getByText('已完成').waitFor();
    await screenshot(page, 'oidc-02-task-decided');

    // Before the token expires the pages redeem the refresh token (held in memory too) for a new one.
    const renewal = await page.waitForRequest((r) => r.url().startsWith(issuer) && /grant_type=refresh_token/.test(r.postData() ?? ''), {
      timeout: ACCESS_TTL_SECONDS * 1000,
    });
    expect((await renewal.response())?.status()).toBe(200);
    const renewedCall = page.waitForRequest(apiCall);
    await page.getByRole('link', { name: '待办任务' }).click();
    const renewed = bearerOf(await renewedCall)!;
    expect(renewed).not.toBe(token);
    expect((await (await renewedCall).response())?.status()).toBe(200);
    expect(await storage(page)).not.toContain(renewed);

    // A reload loses the tokens in memory; the provider's session signs the officer in again, without its form.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '本部门待办任务', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/workbench');
    expect(await visibleText(page.getByTestId('current-user'))).toBe(OFFICER);

    // Sign out: the provider asks, ends its session and sends the browser back to the sign-in page.
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((u) => u.origin === issuer);
    await page.getByRole('button', { name: /sign me out/i }).click();
    await page.waitForURL((u) => u.origin === stack.url && u.pathname === '/sign-in');
    await page.getByRole('button', { name: '通过统一身份认证登录' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '通过统一身份认证登录' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await screenshot(page, 'oidc-03-signed-out');
    // The provider's session is over: signing in again asks for the password.
    await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
    await page.waitForURL((u) => u.origin === issuer);
    await page.getByLabel('Password').waitFor();

    expect(violations).toEqual([]);
    await context.close();
  });
});
