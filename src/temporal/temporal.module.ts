import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { temporalConnectionOptions } from './connection';
import { temporalClientInterceptors } from '../observability/tracing';
import { apiInterceptors } from './deadlines';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TASK_QUEUE = Symbol('TASK_QUEUE');

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      // Lazy connection: the API boots (and serves health and reads) even while Temporal is still starting.
      useFactory: (c: AppConfig): Client =>
        new Client({
          connection: Connection.lazy({ ...temporalConnectionOptions(c.temporal), interceptors: apiInterceptors(c.temporal.deadlines) }),
          namespace: c.temporal.namespace,
          interceptors: temporalClientInterceptors(),
        }),
    },
    { provide: TASK_QUEUE, inject: [APP_CONFIG], useFactory: (c: AppConfig): string => c.temporal.taskQueue },
  ],
  exports: [TEMPORAL_CLIENT, TASK_QUEUE],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
