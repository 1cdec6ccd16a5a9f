import 'reflect-metadata';
// First: tracing (when configured) patches modules as they load.
import './observability/trace-api';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type Request, type Response, type NextFunction } from 'express';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './config/paths';
import { jsonBodyParser } from './common/json-body';
import { uploadTypeGate } from './documents/upload-type';
import { completeDocument } from './common/openapi';
import { pagesPolicy, servePages } from './common/pages';
import { AppModule } from './app.module';
import { ApiMetrics } from './observability/api-metrics';
import { APP_CONFIG } from './config/config.module';
import { loadConfig, type AppConfig } from './config/config';
import { processLogger } from './logging/json-logger';
import { reenterRequestContext, requestLogging } from './logging/request-context';

/** Everything an HTTP app needs besides listening; tests build the same app through this. */
export function configureApp(app: INestApplication, opts: { webDist?: string } = {}): void {
  app.enableShutdownHooks();
  // First, so every answer is counted, refusals by the body parsers included.
  app.use(app.get(ApiMetrics).http);
  app.use(requestLogging());
  const config = app.get<AppConfig>(APP_CONFIG);
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');
  // Which X-Forwarded-For hops name the client (TRUSTED_PROXIES): rate limits count addresses by it.
  (app.getHttpAdapter().getInstance() as express.Express).set('trust proxy', config.http.trustProxy);
  // Answers carry personal data (cases, tasks, tokens): no cache may keep them. The public catalog,
  // the pages and their assets say otherwise for themselves.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!PUBLIC_CACHEABLE.test(req.path)) res.setHeader('cache-control', 'no-store');
    next();
  });
  // Before Nest's own parsers, which skip a body this one has read. A whole policy pack is larger than
  // the default limit (the largest seeded one is about 170 kB); evidence files are raw bodies the
  // documents controller reads and checks itself.
  const bodies = jsonBodyParser(config.http.body);
  const packBodies = jsonBodyParser({ ...config.http.body, maxBytes: Math.max(config.http.body.maxBytes, 5 * 1024 * 1024) });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/documents') return uploadTypeGate(req, res, next);
    return (req.path === '/admin/packs' ? packBodies : bodies)(req, res, next);
  });
  app.use(reenterRequestContext);
  // A client that trickles its headers or request holds a socket: cut it off.
  const server = app.getHttpServer() as Server;
  server.headersTimeout = config.http.headersTimeoutMs;
  server.requestTimeout = config.http.requestTimeoutMs;
  const doc = openApiConfig();
  SwaggerModule.setup('docs', app, () => completeDocument(app, SwaggerModule.createDocument(app, doc)), { jsonDocumentUrl: 'docs/openapi.json' });
  servePagesOf(app, config, opts.webDist);
}

/**
 * Where admins open a case's workflow: `npm start` passes its dev server's Web UI as TEMPORAL_UI_URL;
 * a deployment sets it to its cluster's UI, or leaves it unset and the pages show no link.
 */
function temporalUiUrl(): string | null {
  const r = z
    .url({ error: 'TEMPORAL_UI_URL must be a URL, e.g. http://127.0.0.1:8233' })
    .optional()
    .safeParse(process.env.TEMPORAL_UI_URL || undefined);
  if (!r.success) throw new Error(`Invalid configuration:\n  TEMPORAL_UI_URL: ${r.error.issues[0]?.message}`);
  return r.data?.replace(/\/$/, '') ?? null;
}

/** The public policy catalog (not the pool balances, which need a token). */
const PUBLIC_CACHEABLE = /^\/catalog\/packs(?:\/[^/]+(?:\/measures(?:\/.*)?)?)?$/;

/** Client-side routes of the pages (web/src/App.tsx); none of them is an API route. */
// The admin console is /console, not /admin: /admin/** are the admin API's routes.
const PAGE_ROUTE = /^\/(?:$|sign-in$|(?:portal|workbench|finance|console)(?:\/|$))/;

/** The pages and what the browser needs to know of the deployment; `dist` is web/dist unless a test builds elsewhere. */
function servePagesOf(app: INestApplication, config: AppConfig, dist = join(repoRoot(), 'web', 'dist')): void {
  const { signIn } = config;
  servePages(
    app,
    dist,
    PAGE_ROUTE,
    { temporalUiUrl: temporalUiUrl(), namespace: config.temporal.namespace, devTokens: config.auth.devTokens, oidc: signIn },
    pagesPolicy(signIn ? [new URL(signIn.issuer).origin] : []),
  );
}

/** The document's header; web/scripts/openapi-document.ts generates the pages' client from the same. */
export function openApiConfig(): ReturnType<DocumentBuilder['build']> {
  return new DocumentBuilder()
    .setTitle('AI Pioneer City subsidies')
    .setDescription('Applications, review tasks and awards. Money is always a string of integer fen.')
    .setVersion('1')
    .addBearerAuth()
    .build();
}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: processLogger('api', loadConfig()) });
  configureApp(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.http.port, config.http.host);
  new Logger('API').log(`listening on http://${config.http.host}:${config.http.port} (docs at /docs)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
