import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Response } from 'supertest';
import { startApiApp, type ApiApp } from '../support/api-app';

/** The response body as bytes (decoded: superagent undoes the content encoding). */
const raw = (res: Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The pages as `npm run build:web` builds them (into a folder of the test's own), served by the API. */
describe('the pages load fast: split, precompressed and cached', () => {
  let api: ApiApp;
  let dist: string;
  let routeChunks: string[];

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'pages-'));
    const root = join(__dirname, '..', '..');
    await promisify(execFile)(
      process.execPath,
      [
        join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'web/vite.config.mts',
        '--logLevel',
        'warn',
        '--outDir',
        dist,
        '--emptyOutDir',
      ],
      { cwd: root },
    );
    routeChunks = (await readdir(join(dist, 'assets'))).filter((f) => /^(?:Apply|Inbox|Replays)-[\w-]+\.js$/.test(f));
    api = await startApiApp({}, undefined, { webDist: dist });
  }, 300_000);
  afterAll(async () => {
    await api?.close();
    await rm(dist, { recursive: true, force: true });
  });

  const indexScript = async (): Promise<string> => {
    const html = (await api.http.get('/portal').set('accept-encoding', 'identity')).text;
    return /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)">/.exec(html)![1]!;
  };

  it('splits the bundle by route: each page is its own chunk, loaded when its route opens', () => {
    expect(routeChunks.map((f) => f.split('-')[0]).sort()).toEqual(['Apply', 'Inbox', 'Replays']);
  });

  it('serves index.html for a page route, brotli-compressed, revalidated every time', async () => {
    const res = await api.http.get('/portal/cases').set('accept-encoding', 'gzip, deflate, br').buffer(true).parse(raw);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect((res.body as Buffer).toString('utf8')).toContain('<div id="root"></div>');
  });

  it('serves a hashed asset compressed as the browser accepts, cached for a year as immutable', async () => {
    const script = await indexScript();
    const br = await api.http.get(script).set('accept-encoding', 'br').buffer(true).parse(raw);
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(?:text|application)\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await api.http.get(script).set('accept-encoding', 'identity').buffer(true).parse(raw);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((br.body as Buffer).equals(plain.body as Buffer)).toBe(true);
    // Several times smaller on the wire than the file itself.
    expect(Number(br.headers['content-length']) * 3).toBeLessThan(Number(plain.headers['content-length']));
    expect(Number(plain.headers['content-length'])).toBe((plain.body as Buffer).length);

    const gz = await api.http.get(script).set('accept-encoding', 'gzip').buffer(true).parse(raw);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect((gz.body as Buffer).equals(plain.body as Buffer)).toBe(true);
    expect(Number(gz.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']));
  });

  it('answers 404 for an asset of an older build and never serves outside the assets', async () => {
    const gone = await api.http.get('/assets/index-0ldBu1ld.js');
    expect(gone.status).toBe(404);
    expect(gone.headers['cache-control']).toBe('no-store');
    expect((await api.http.get('/assets/..%2findex.html')).status).toBe(404);
  });

  it('has a favicon, which index.html names', async () => {
    const html = (await api.http.get('/sign-in').set('accept-encoding', 'identity')).text;
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg" />');
    const res = await api.http.get('/favicon.svg').set('accept-encoding', 'identity');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('keeps API answers uncacheable', async () => {
    const res = await api.http.get('/me').set('authorization', `Bearer ${api.tokenFor('applicant-lingxi')}`);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
