import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricsRepository } from '../database/metrics.repository';
import { OPEN_STATUSES } from '../domain/case/records';

/**
 * The API's Prometheus metrics (GET /metrics): requests by route template, rate-limit refusals, the
 * database pool, and business gauges computed on scrape. One registry per app, so two apps in one
 * process (tests) keep their own.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly log = new Logger('Metrics');

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused with 429 by a rate limit, by the limit',
    labelNames: ['limit'],
    registers: [this.registry],
  });
  private readonly poolAcquire = new Histogram({
    name: 'db_pool_acquire_seconds',
    help: 'Time a query waited for a database connection from the pool',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly collectErrors = new Counter({
    name: 'subsidies_metrics_collect_errors_total',
    help: 'Scrapes whose business gauges could not be read (the database did not answer)',
    registers: [this.registry],
  });

  constructor(repo: MetricsRepository) {
    collectDefaultMetrics({ register: this.registry });
    repo.timePoolAcquisitions(() => this.poolAcquire.startTimer());
    this.gauge('db_pool_connections', "The API's database pool: connections idle and busy, and queries waiting for one", ['state'], async (set) => {
      const p = repo.poolStats();
      set({ state: 'idle' }, p.idle);
      set({ state: 'busy' }, p.total - p.idle);
      set({ state: 'waiting' }, p.waiting);
    });
    this.gauge('subsidies_open_cases', 'Cases not yet decided, by status', ['status'], async (set) => {
      const rows = await this.read(() => repo.openCases());
      for (const s of OPEN_STATUSES) set({ status: s }, 0);
      for (const r of rows ?? []) set({ status: r.status }, r.n);
    });
    this.gauge('subsidies_open_tasks', 'Open and claimed review tasks, by bureau and age since created', ['bureau', 'age'], async (set) => {
      for (const r of (await this.read(() => repo.openTasks())) ?? []) set({ bureau: r.bureau, age: r.age }, r.n);
    });
    this.gauge('subsidies_pool_fen', 'Budget pools in fen: total, reserved by awards, and available', ['pack', 'pool', 'year', 'kind'], async (set) => {
      for (const p of (await this.read(() => repo.poolBalances())) ?? []) {
        const labels = { pack: p.packId, pool: p.code, year: String(p.year) };
        // Exact while under 2^53 fen (about 90 trillion yuan); Prometheus keeps float64 samples.
        set({ ...labels, kind: 'total' }, Number(p.totalFen));
        set({ ...labels, kind: 'reserved' }, Number(p.reservedFen));
        set({ ...labels, kind: 'available' }, Number(p.totalFen - p.reservedFen));
      }
    });
  }

  /** A gauge computed on each scrape: its old series are dropped first, so a vanished label goes too. */
  private gauge(name: string, help: string, labelNames: string[], fill: (set: (labels: Record<string, string>, value: number) => void) => Promise<void>): void {
    const gauge: Gauge = new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect: async () => {
        const values: [Record<string, string>, number][] = [];
        await fill((labels, value) => values.push([labels, value]));
        gauge.reset();
        for (const [labels, value] of values) gauge.set(labels, value);
      },
    });
  }

  /** Express middleware, mounted first: every answer counted under its route template, never its raw path. */
  readonly http = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const route = (req as Request & { route?: { path?: string } }).route?.path;
      const labels = {
        method: req.method,
        route: route !== undefined ? `${req.baseUrl}${route}` : res.statusCode === 404 ? 'unmatched' : 'static',
        status: String(res.statusCode),
      };
      this.requests.inc(labels);
      end(labels);
    });
    next();
  };

  refused(limit: string): void {
    this.refusals.inc({ limit });
  }

  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** A database outage must not take the request metrics down with it: its gauges are simply absent. */
  private async read<T>(query: () => Promise<T>): Promise<T | null> {
    try {
      return await query();
    } catch (err) {
      this.collectErrors.inc();
      this.log.warn(`business gauges not read: ${(err as Error).message}`);
      return null;
    }
  }
}
