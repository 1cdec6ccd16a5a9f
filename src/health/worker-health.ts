import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { HealthRepository } from '../database/health.repository';
import { readiness, type Probe } from './checks';
import { databaseProbe, temporalProbe } from './probes';

/**
 * The worker's own liveness and readiness on a small HTTP port (WORKER_HEALTH_PORT), in the shape the
 * API answers: /health/live while the process runs, /health/ready when its probes pass (200, else 503).
 */
export async function startWorkerHealthServer(port: number, host: string, probes: Record<string, Probe>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { status: 'error', error: 'GET only' });
    if (path === '/health/live' || path === '/health') return send(200, { status: 'ok' });
    if (path !== '/health/ready') return send(404, { status: 'error', error: 'not found: /health/live, /health/ready' });
    readiness(probes).then(
      (r) => send(r.status === 'ok' ? 200 : 503, r),
      (err: unknown) => send(503, { status: 'error', error: String(err) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // Health answers must not keep a stopping worker alive.
  server.unref();
  return { server, port: (server.address() as AddressInfo).port };
}

/** The worker process's probes: its database, its Temporal connection, and its own polling. */
export function workerProbes(deps: {
  db: HealthRepository;
  connection: NativeConnection;
  namespace: string;
  worker: Pick<Worker, 'getState'>;
}): Record<string, Probe> {
  return {
    database: databaseProbe(deps.db),
    temporal: temporalProbe(() => deps.connection.workflowService, deps.namespace),
    worker: async () => {
      const state = deps.worker.getState();
      if (state !== 'RUNNING') throw new Error(`the worker is ${state.toLowerCase()}, not polling`);
    },
  };
}
