import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { Public } from '../common/decorators';
import { jsonSchemaOf } from '../common/zod';
import { HealthRepository } from '../database/health.repository';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { LiveSchema, readiness, ReadinessSchema, type Readiness } from './checks';
import { databaseProbe, temporalProbe, workerProbe } from './probes';

/** Each probe gets this long; the whole answer comes within it. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * Liveness (the process answers: restart it if not) and readiness (it can serve: the database and
 * Temporal answer and a worker polls the task queue; a load balancer stops sending when not).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: HealthRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'the process answers (as /health/live)', schema: jsonSchemaOf(LiveSchema, 'output') })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('live')
  @ApiOkResponse({ description: 'the process answers', schema: jsonSchemaOf(LiveSchema, 'output') })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'the database and Temporal answer and a worker polls the task queue', schema: jsonSchemaOf(ReadinessSchema, 'output') })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down: its check says which and why', schema: jsonSchemaOf(ReadinessSchema, 'output') })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const service = (): Client['workflowService'] => this.client.workflowService;
    const deadline = (): number => Date.now() + PROBE_TIMEOUT_MS;
    const { namespace, taskQueue } = this.config.temporal;
    const temporal = temporalProbe(service, namespace);
    const worker = workerProbe(service, namespace, taskQueue);
    const result = await readiness(
      {
        database: databaseProbe(this.db),
        temporal: () => this.client.connection.withDeadline(deadline(), temporal),
        worker: () => this.client.connection.withDeadline(deadline(), worker),
      },
      PROBE_TIMEOUT_MS,
    );
    res.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }
}
