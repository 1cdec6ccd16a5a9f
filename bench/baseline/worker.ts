import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

/** The baselines' own worker process: the bare workflow and one activity that does nothing. */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'bench-baseline',
    workflowsPath: require.resolve('./workflows'),
    // As our worker does (src/temporal/worker.factory.ts), so the ratios compare like with like.
    bundlerOptions: { preloadModules: [require.resolve('./workflows')] },
    activities: { noop: async (): Promise<void> => undefined },
  });
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
