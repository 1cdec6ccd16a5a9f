import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { APP_CONFIG } from './config/config.module';
import { loadConfig, nestLogLevels, type AppConfig } from './config/config';
import { PackRepository } from './database/pack.repository';
import { intakeWindow } from './domain';
import { temporalConnectionOptions } from './temporal/connection';
import { relatedWorkflowAttributes } from './temporal/search-attributes';
import { createWorker } from './temporal/worker.factory';
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
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: nestLogLevels(loadConfig().logLevel) });
  const config = app.get<AppConfig>(APP_CONFIG);
  // The SDK narrates bundling and state changes at INFO; keep that for LOG_LEVEL=debug.
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN') });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: workerActivities(app),
    overrides: config.worker,
  });
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  await ensureIntakeClocks(client, app.get(PackRepository), config.temporal.taskQueue);
  await clientConnection.close();

  // Graceful shutdown: the SDK's runtime handles SIGINT/SIGTERM, stops polling, lets running
  // activities finish, and then run() resolves.
  logger.log(`polling task queue ${config.temporal.taskQueue} on ${config.temporal.address}`);
  await worker.run();
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
