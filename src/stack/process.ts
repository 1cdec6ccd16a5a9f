import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** False once it has exited, and for a process that never started (spawn failed: no pid). */
export function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Resolves true once the child has exited, or false after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Sends each signal in turn, giving the child `timeoutMs` to exit after each, and ends with
 * SIGKILL. Resolves when the child is gone.
 */
export async function stopChild(child: ChildProcess, signals: NodeJS.Signals[], timeoutMs: number): Promise<void> {
  for (const signal of [...signals, 'SIGKILL' as const]) {
    if (!isRunning(child)) return;
    child.kill(signal);
    if (await waitForExit(child, signal === 'SIGKILL' ? 5_000 : timeoutMs)) return;
  }
}

/** Copies a child's stdout/stderr line by line to ours, each line prefixed (e.g. `[api] `). */
export function prefixOutput(child: ChildProcess, prefix: string): void {
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void => {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix} ${line}\n`));
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
}

/** Opens a log file for appending (creating its folder); the fd is meant to be handed to a child's stdio. */
export function openLog(path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  return openSync(path, 'a');
}

/** Opens a log for a child, runs `spawnIt` with its fd and closes our copy (the child keeps its own). */
export function withLogFd<T>(path: string, spawnIt: (fd: number) => T): T {
  const fd = openLog(path);
  try {
    // Marks where this run starts in a log that is appended to across runs.
    writeSync(fd, `\n----- ${new Date().toISOString()} starting -----\n`);
    return spawnIt(fd);
  } finally {
    closeSync(fd);
  }
}

/** The last lines of a log (read from its end only), to quote in an error message. */
export function tailFile(path: string, lines = 15): string {
  if (!existsSync(path)) return '';
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16 * 1024);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    return buf
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } finally {
    closeSync(fd);
  }
}

/** The URL with its password masked, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
