import { Controller, Get, Header, Inject, Param, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { Roles } from '../auth/decorators';
import { NotFoundError } from '../common/errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { HistoryParamsDto, HistoryQueryDto } from './admin.dto';
import { HideFromNonAdminsFilter } from './hide-from-non-admins.filter';
import { exportHistory } from './history';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
@UseFilters(HideFromNonAdminsFilter)
export class AdminController {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  @Get('workflows/:workflowId/history')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiParam({ name: 'workflowId', example: 'application:7b0e…' })
  @ApiOperation({ summary: "A workflow's full event history as Temporal JSON (the latest run, or ?runId=), as `temporal workflow show --output json` writes it and Worker.runReplayHistory reads it" })
  async history(@Param() p: HistoryParamsDto, @Query() q: HistoryQueryDto): Promise<string> {
    const json = await exportHistory(this.client, p.workflowId, q.runId);
    if (json === null) throw new NotFoundError('workflowId', `no workflow ${p.workflowId}${q.runId ? ` with run ${q.runId}` : ''}`);
    return json;
  }
}
