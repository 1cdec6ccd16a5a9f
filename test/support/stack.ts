import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../src/config/paths';
import { freePort } from '../../src/stack/ports';
import { exited } from './faults';

/*
 * The real `npm start` runner (dist/src/stack/start.js) in a child process, on ports and a data folder
 * of a test's own, against a test's database: for the tests of supervision, logs and backup/restore.
 */

/** `npm start`'s build step: compiles what is stale (nothing when CI's `npm run build` ran). */
export function buildIfStale(): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'build.js')], { cwd: repoRoot(), encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

export interface RunningStack {
  child: ChildProcess;
  apiUrl: string;
  workerHealthUrl: string;
  temporalAddress: string;
  /** Everything it printed so far, line by line. */
  lines: string[];
  /** Resolves with the first line (printed so far or later) matching `re`. */
  waitFor(re: RegExp, timeoutMs: number, from?: number): Promise<RegExpExecArray>;
  /** Ctrl-C, then its exit code. */
  stop(): Promise<number | null>;
}

// The test process's own settings (a harness's database, task queue, secrets) must not leak into the stack.
const OWN = /^(DATABASE_URL|DATA_DIR|DOCUMENTS_DIR|PORT|HOST|TEMPORAL_|JWT_|DEV_TOKENS|NODE_ENV|APP_ENV|LOG_|WORKER_|RATE_LIMIT_)/;

export async function startStack(opts: { databaseUrl: string; dataDir: string; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<RunningStack> {
  const [port, temporalPort, uiPort, workerPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !OWN.test(k))),
    DATABASE_URL: opts.databaseUrl,
    DATA_DIR: opts.dataDir,
    PORT: String(port),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    WORKER_HEALTH_PORT: String(workerPort),
    ...opts.env,
  };
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'src', 'stack', 'start.js')], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  const onData = (chunk: Buffer): void => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.once('exit', () => {
    for (const w of waiters) w();
  });

  const waitFor = (re: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        for (const line of lines.slice(from)) {
          const m = re.exec(line);
          if (m) return done(() => resolve(m));
        }
        if (child.exitCode !== null || child.signalCode !== null) {
          done(() =>
            reject(new Error(`the stack exited (${child.exitCode ?? child.signalCode}) before printing ${re}; it printed:\n${lines.slice(-40).join('\n')}`)),
          );
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no line matching ${re} within ${timeoutMs} ms; the stack printed:\n${lines.slice(-40).join('\n')}`))),
        timeoutMs,
      );
      const done = (f: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });

  const stack: RunningStack = {
    child,
    apiUrl: `http://127.0.0.1:${port}`,
    workerHealthUrl: `http://127.0.0.1:${workerPort}`,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    lines,
    waitFor,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited(child);
      return child.exitCode;
    },
  };
  try {
    await waitFor(/Ctrl-C stops everything/, opts.readyTimeoutMs ?? 240_000);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

/** The pid of the newest `<name> started (pid N)` line. */
export function newestPid(stack: RunningStack, name: 'api' | 'worker'): number {
  const re = new RegExp(`^\\[stack\\] ${name} started \\(pid (\\d+)\\)`);
  const pids = stack.lines.map((l) => re.exec(l)?.[1]).filter((p): p is string => p !== undefined);
  if (pids.length === 0) throw new Error(`the stack printed no ${name} pid`);
  return Number(pids[pids.length - 1]);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `url` until it answers 200; the last status or error otherwise. */
export async function until200(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const r = await fetch(url);
      const body = (await r.json()) as Record<string, unknown>;
      if (r.status === 200) return body;
      last = `${r.status} ${JSON.stringify(body)}`;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
