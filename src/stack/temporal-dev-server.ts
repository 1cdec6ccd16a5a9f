import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES, searchAttributeFlags } from '../temporal/search-attributes';
import { isRunning, sleep, stopChild, tailFile, withLogFd } from './process';

export interface TemporalDevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  /**
   * Null runs the server headless. Tests that need no Web UI pass null: a port picked free
   * beforehand can be taken (by the server's own internal listeners, or a reconnecting client)
   * before the UI binds it, and the server then exits during startup.
   */
  uiPort: number | null;
  /** SQLite file: workflow state survives restarts. */
  dbFile: string;
  namespace: string;
  logFile: string;
  searchAttributes?: readonly SearchAttributeKey<SearchAttributeType>[];
  readyTimeoutMs?: number;
  /** Called as soon as the process exists, before it is ready (so a runner can stop it on an early signal). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The `temporal server start-dev` arguments (split out so they can be checked against `--help`). */
export function devServerArgs(o: TemporalDevServerOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    o.ip,
    '--port',
    String(o.port),
    ...(o.uiPort === null ? ['--headless'] : ['--ui-port', String(o.uiPort)]),
    '--db-filename',
    o.dbFile,
    // "default" always exists; naming it again is harmless but noisy.
    ...(o.namespace === 'default' ? [] : ['--namespace', o.namespace]),
    ...searchAttributeFlags(o.searchAttributes ?? SEARCH_ATTRIBUTES),
    // No internet here: the UI must not try to fetch its news feed.
    ...(o.uiPort === null ? [] : ['--ui-disable-news-fetch']),
    '--log-level',
    'warn',
  ];
}

/** Spawns the dev server and resolves once its frontend serves `namespace`. */
export async function startTemporalDevServer(o: TemporalDevServerOptions): Promise<TemporalDevServer> {
  mkdirSync(dirname(o.dbFile), { recursive: true });
  // The CLI reads TEMPORAL_* variables (address, TLS, API key, profile) as its own options; ours
  // describe the cluster the app talks to, not this server, so none are passed on.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  // Detached: a terminal's Ctrl-C reaches only the stack runner, which stops this after the worker.
  const child = withLogFd(o.logFile, (fd) => spawn(o.cliPath, devServerArgs(o), { detached: true, stdio: ['ignore', fd, fd], env }));
  let spawnError: Error | null = null;
  child.once('error', (err) => (spawnError = err));
  o.onSpawn?.(child);
  const address = `${o.ip}:${o.port}`;
  const stop = (): Promise<void> => stopChild(child, ['SIGTERM'], 15_000);
  try {
    await waitForTemporal(address, o.namespace, {
      timeoutMs: o.readyTimeoutMs ?? 60_000,
      stillStarting: () => {
        if (spawnError) throw new Error(`cannot run ${o.cliPath}: ${(spawnError as Error).message}`);
        if (!isRunning(child)) {
          throw new Error(`the Temporal dev server exited during startup; ${o.logFile} ends with:\n${tailFile(o.logFile)}`);
        }
      },
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl: o.uiPort === null ? null : `http://${o.ip}:${o.uiPort}`, logFile: o.logFile, child, stop };
}

/** Null when the frontend answers and serves `namespace`, else why not. */
export async function temporalProblem(target: string | ConnectionOptions, namespace: string): Promise<string | null> {
  const options = typeof target === 'string' ? { address: target } : target;
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ connectTimeout: '2s', ...options });
    await connection.workflowService.describeNamespace({ namespace });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Polls until the frontend serves `namespace`; `stillStarting` may throw to give up early. */
export async function waitForTemporal(address: string, namespace: string, opts: { timeoutMs: number; stillStarting?: () => void }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const problem = await temporalProblem(address, namespace);
    if (!problem) return;
    opts.stillStarting?.();
    if (Date.now() > deadline) {
      throw new Error(`Temporal at ${address} did not serve namespace "${namespace}" within ${Math.round(opts.timeoutMs / 1000)} s: ${problem}`);
    }
    await sleep(500);
  }
}

/**
 * Registers the search attributes a server lacks (for a dev server we did not start, which
 * therefore did not get our --search-attribute flags). Returns the names it added.
 */
export async function ensureSearchAttributes(
  address: string,
  namespace: string,
  keys: readonly SearchAttributeKey<SearchAttributeType>[] = SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const connection = await Connection.connect({ address, connectTimeout: '5s' });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = keys.filter((k) => !known.has(k.name));
    if (missing.length === 0) return [];
    const searchAttributes = Object.fromEntries(missing.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!]));
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    return missing.map((k) => `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`);
  } finally {
    await connection.close();
  }
}
