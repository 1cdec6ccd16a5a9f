import 'reflect-metadata';
// First: tracing (when configured) patches modules as they load.
import './observability/trace-worker';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { APP_CONFIG } from './config/config.module';
import { loadConfig, type AppConfig } from './config/config';
import { processLogger } from './logging/json-logger';
import { startWorkerHealthServer, workerProbes } from './health/worker-health';
import { HealthRepository } from './database/health.repository';
import { activityContext, temporalLogger } from './logging/worker-logging';
import { ReplayActivitiesImpl } from './admin/replay.activities';
import { PackRepository } from './database/pack.repository';
import { intakeWindow } from './domain';
import { temporalConnectionOptions } from './temporal/connection';
import { relatedWorkflowAttributes } from './temporal/search-attributes';
import { createWorker } from './temporal/worker.factory';
import { workerMetricsUrl, workerRuntimeOptions } from './observability/worker-telemetry';
import { flushTracing } from './observability/tracing';
import { WorkerModule, workerActivities } from './worker/worker.module';
import { intakeWorkflowId } from '../workflows/case.messages';
import type { intakeWindowWorkflow } from '../workflows/intake.workflow';

/** Starts (once) the durable intake clock of every seeded pack. */
export async function ensureIntakeClocks(client: Client, packs: PackRepository, taskQueue: string): Promise<void> {
  for (const pack of await packs.all()) {
    const window = intakeWindow(pack);
    await client.workflow.start<typeof intakeWindowWorkflow>('intakeWindowWorkflow', {
      workflowId: intakeWorkflowId(pack.id),
      typedSearchAttributes: relatedWorkflowAttributes({ packId: pack.id }),
      taskQueue,
      args: [{ packId: pack.id, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  }
}

async function main(): Promise<void> {
  const logger = new Logger('Worker');
  const json = processLogger('worker', loadConfig());
  json.addContextSource(activityContext);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: json });
  const config = app.get<AppConfig>(APP_CONFIG);
  Runtime.install({ ...workerRuntimeOptions(config), logger: temporalLogger(json) });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: workerActivities(app),
    replay: app.get(ReplayActivitiesImpl),
    overrides: config.worker,
  });
  if (config.workerHealthPort !== null) {
    const probes = workerProbes({ db: app.get(HealthRepository), connection, namespace: config.temporal.namespace, worker });
    const health = await startWorkerHealthServer(config.workerHealthPort, config.http.host, probes);
    logger.log(`health at http://${config.http.host}:${health.port}/health/live and /health/ready`);
  }
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  await ensureIntakeClocks(client, app.get(PackRepository), config.temporal.taskQueue);
  await clientConnection.close();

  // Graceful shutdown: the SDK's runtime handles SIGINT/SIGTERM, stops polling, lets running
  // activities finish, and then run() resolves.
  const metrics = workerMetricsUrl(config);
  logger.log(`polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}${metrics ? `; metrics at ${metrics}` : ''}`);
  await worker.run();
  await flushTracing();
  await connection.close();
  await app.close();
  logger.log('stopped');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
