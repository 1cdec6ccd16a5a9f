import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../src/config/paths';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { alive, buildIfStale, newestPid, startStack, until200, type RunningStack } from '../support/stack';

const stampFile = join(repoRoot(), 'dist', '.build-stamp.json');
const mtime = (file: string): number => statSync(file).mtimeMs;

/**
 * `npm start` as a developer and an operator meet it: the second start reuses the build (no compile
 * runs: the stamp and the compiled files are untouched), a worker killed with kill -9 is restarted
 * and polls again, the API and worker write JSON lines to the data folder's logs/ named in the
 * banner, and Ctrl-C stops everything.
 */
describe('npm start', () => {
  it('compiles when the sources are not the ones built, and the next start reuses that build', () => {
    // As after a checkout: no record that dist/ was built from these sources.
    const stamp = (existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {}) as Record<string, unknown>;
    delete stamp.server;
    writeFileSync(stampFile, JSON.stringify(stamp));

    const t0 = Date.now();
    const first = buildIfStale();
    const firstMs = Date.now() - t0;
    expect(first.status).toBe(0);
    expect(first.output).toMatch(/\[build\] compiling the API, worker and tools \(nest build\): no record of what it was built from/);
    const built = {
      stamp: mtime(stampFile),
      main: mtime(join(repoRoot(), 'dist', 'src', 'main.js')),
      worker: mtime(join(repoRoot(), 'dist', 'src', 'worker.js')),
    };

    const t1 = Date.now();
    const second = buildIfStale();
    const secondMs = Date.now() - t1;
    expect(second.status).toBe(0);
    expect(second.output).toMatch(/\[build\] reused the build of the API, worker and tools \(nest build\) from .*: sources unchanged/);
    expect(second.output).toMatch(/\[build\] nothing to compile/);
    expect(second.output).not.toMatch(/compiling/);
    // No compile ran: neither the stamp nor any compiled file was written again.
    expect({
      stamp: mtime(stampFile),
      main: mtime(join(repoRoot(), 'dist', 'src', 'main.js')),
      worker: mtime(join(repoRoot(), 'dist', 'src', 'worker.js')),
    }).toEqual(built);
    console.log(`build step: ${firstMs} ms compiling, ${secondMs} ms reusing`);
  }, 240_000);

  describe('the running stack', () => {
    let db: TestDatabase;
    let dataDir: string;
    let stack: RunningStack;
    beforeAll(async () => {
      expect(buildIfStale().status).toBe(0);
      db = await createTestDatabase();
      dataDir = mkdtempSync(join(tmpdir(), 'stack-'));
      stack = await startStack({ databaseUrl: db.url, dataDir, env: { TEMPORAL_TASK_QUEUE: `stack-${Date.now().toString(36)}` } });
    }, 300_000);
    afterAll(async () => {
      await stack?.stop();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('names the JSON log files in its banner and writes them', async () => {
      expect(stack.lines.join('\n')).toContain(`Logs             ${join(dataDir, 'logs')} (api.log and worker.log: JSON lines`);
      await until200(`${stack.workerHealthUrl}/health/ready`, 120_000);
      for (const name of ['api.log', 'worker.log']) {
        const lines = readFileSync(join(dataDir, 'logs', name), 'utf8')
          .split('\n')
          .filter(Boolean);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines)
          expect(JSON.parse(line)).toEqual(expect.objectContaining({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) }));
      }
    }, 150_000);

    it('restarts a worker killed with kill -9, which polls the task queue again', async () => {
      await until200(`${stack.workerHealthUrl}/health/ready`, 120_000);
      const killed = newestPid(stack, 'worker');
      const from = stack.lines.length;
      process.kill(killed, 'SIGKILL');
      await stack.waitFor(/\[stack\] the worker exited unexpectedly \(SIGKILL\); restarting it in 1 s/, 10_000, from);
      await stack.waitFor(/\[stack\] worker started \(pid \d+\)/, 20_000, from);
      const restarted = newestPid(stack, 'worker');
      expect(restarted).not.toBe(killed);
      expect(alive(killed)).toBe(false);
      expect(await until200(`${stack.workerHealthUrl}/health/ready`, 120_000)).toMatchObject({ status: 'ok', checks: { worker: { status: 'ok' } } });
      // The API's readiness sees a worker polling its task queue.
      expect(await until200(`${stack.apiUrl}/health/ready`, 60_000)).toMatchObject({ status: 'ok', checks: { worker: { status: 'ok' } } });
    }, 240_000);

    it('stops the API, the worker and Temporal on Ctrl-C', async () => {
      const pids = [newestPid(stack, 'api'), newestPid(stack, 'worker')];
      expect(pids.every(alive)).toBe(true);
      expect(await stack.stop()).toBe(0);
      expect(stack.lines).toContainEqual('[stack] SIGINT: shutting down');
      expect(stack.lines).toContainEqual('[stack] stopped');
      expect(pids.filter(alive)).toEqual([]);
      const [host, port] = stack.temporalAddress.split(':');
      const temporalAnswers = await new Promise<boolean>((resolve) => {
        const socket = connect({ host, port: Number(port) });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
      expect(temporalAnswers).toBe(false);
    }, 90_000);
  });
});
