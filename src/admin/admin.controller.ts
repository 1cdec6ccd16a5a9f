import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { Roles } from '../auth/decorators';
import { NotFoundError } from '../common/errors';
import { jsonSchemaOf } from '../common/zod';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { HistoryParamsDto, HistoryQueryDto, ReplayJobParamsDto, ReplayJobSchema, StartReplayDto, StartReplaySchema } from './admin.dto';
import { HideFromNonAdminsFilter } from './hide-from-non-admins.filter';
import { exportHistory } from './history';
import { ReplayJobsService, type ReplayJobView } from './replay-jobs.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
@UseFilters(HideFromNonAdminsFilter)
export class AdminController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly jobs: ReplayJobsService,
  ) {}

  @Get('workflows/:workflowId/history')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiParam({ name: 'workflowId', example: 'case:7b0e…' })
  @ApiOkResponse({ schema: { type: 'object', description: 'Temporal history JSON: { events: [...] }, the first WorkflowExecutionStarted' } })
  @ApiOperation({
    summary:
      "A workflow's full event history as Temporal JSON (the latest run, or ?runId=), as `temporal workflow show --output json` writes it and Worker.runReplayHistory reads it",
  })
  async history(@Param() p: HistoryParamsDto, @Query() q: HistoryQueryDto): Promise<string> {
    const json = await exportHistory(this.client, p.workflowId, q.runId);
    if (json === null) throw new NotFoundError('workflowId', `no workflow ${p.workflowId}${q.runId ? ` with run ${q.runId}` : ''}`);
    return json;
  }

  @Post('replays')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Replay workflow histories against the current workflow code, as a background job: named workflowIds, a visibility query, or (empty body) every workflow of the service',
  })
  @ApiBody({ schema: jsonSchemaOf(StartReplaySchema) })
  @ApiAcceptedResponse({ schema: jsonSchemaOf(ReplayJobSchema) })
  start(@Body() body: StartReplayDto): Promise<ReplayJobView> {
    if (body.workflowIds) return this.jobs.start({ kind: 'ids', workflowIds: body.workflowIds });
    if (body.query !== undefined) return this.jobs.start({ kind: 'query', query: body.query });
    return this.jobs.start({ kind: 'all' });
  }

  @Get('replays/:jobId')
  @ApiParam({ name: 'jobId' })
  @ApiOkResponse({ schema: jsonSchemaOf(ReplayJobSchema) })
  @ApiOperation({ summary: 'A replay job: status, percent done, and per workflow ok or the determinism error and the event where it diverged' })
  job(@Param() p: ReplayJobParamsDto): ReplayJobView {
    return this.jobs.get(p.jobId);
  }
}
