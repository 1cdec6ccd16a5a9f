import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { CurrentUser, Roles } from '../common/decorators';
import type { Principal } from '../domain/access';
import { AuditRepository } from '../database/audit.repository';
import { PackRepository } from '../database/pack.repository';
import { bureauWords, treasuryWords, type NamedPack } from '../domain/words';
import { auditDetails, auditSubjectWords } from '../domain/words/audit';
import { CLOCK, type Clock } from '../common/clock';
import { NotFoundError } from '../domain/errors';
import { jsonSchemaOf } from '../common/zod';
import { uuidApiParam } from '../common/text';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import {
  AuditListSchema,
  HistoryParamsDto,
  HistoryQueryDto,
  ListAuditDto,
  ReplayJobParamsDto,
  type AuditList,
  ReplayJobSchema,
  StartReplayDto,
  StartReplaySchema,
} from './admin.dto';
import { HideFromNonAdminsFilter } from './hide-from-non-admins.filter';
import { exportHistory } from './history';
import { ReplayJobsService, type ReplayJobView } from './replay-jobs.service';
import { IncidentListSchema, IncidentsQueryDto, type IncidentList } from './incidents.dto';
import { IncidentsService } from './incidents.service';
import { ApiErrors } from '../common/openapi';
import { THE_CITY } from '../domain/words/admin';

/** Names for codes no published pack defines (the catalogue's neutral words). */
const NO_PACK: NamedPack = { jurisdiction: { name: THE_CITY }, bureaus: [], districts: [] };

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Roles('admin')
@UseFilters(HideFromNonAdminsFilter)
export class AdminController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly jobs: ReplayJobsService,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly incidents: IncidentsService,
    private readonly packs: PackRepository,
  ) {}

  private async record(user: Principal, action: string, subjectType: string, subjectId: string, payload: Record<string, unknown>): Promise<void> {
    const caseId = subjectType === 'workflow' && subjectId.startsWith('case:') ? subjectId.slice('case:'.length) : null;
    await this.audit.record({ at: this.clock.now().toISOString(), actorId: user.userId, action, subjectType, subjectId, caseId, payload });
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail of human actions, newest first: filter by actor, case, action and time range (from inclusive, to exclusive)' })
  @ApiOkResponse({ schema: jsonSchemaOf(AuditListSchema, 'output') })
  async auditTrail(@Query() q: ListAuditDto): Promise<AuditList> {
    const { rows, total } = await this.audit.list({
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.caseId ? { caseId: q.caseId } : {}),
      ...(q.subjectType ? { subjectType: q.subjectType } : {}),
      ...(q.subjectId ? { subjectId: q.subjectId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    const packs = rows.length > 0 ? await this.packs.all() : [];
    // A code by the first pack that names it (bureau codes are one city's; a treasury's is its district's bureau).
    const bureau = (code: string) => bureauWords(packs.find((p) => p.bureaus.some((b) => b.code === code)) ?? NO_PACK, code);
    const treasury = (funder: string) => treasuryWords(packs.find((p) => p.districts.some((d) => d.bureau === funder)) ?? packs[0] ?? NO_PACK, funder);
    return {
      items: rows.map((r) => ({
        ...r,
        at: r.at.toISOString(),
        subjectTypeLabel: auditSubjectWords(r.subjectType),
        details: auditDetails(r.payload, bureau, treasury),
      })),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  @Get('incidents')
  @ApiOperation({
    summary:
      'Workflows an activity failure stopped for good: the incidents recorded by the activities (a permanent database or input error at once, a transient one after its bounded retries), and the failed workflows Temporal lists',
  })
  @ApiOkResponse({ schema: jsonSchemaOf(IncidentListSchema, 'output') })
  listIncidents(@Query() q: IncidentsQueryDto): Promise<IncidentList> {
    return this.incidents.list(q);
  }

  @Get('workflows/:workflowId/history')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiParam({ name: 'workflowId', example: 'case:7b0e…' })
  @ApiOkResponse({ schema: { type: 'object', description: 'Temporal history JSON: { events: [...] }, the first WorkflowExecutionStarted' } })
  @ApiOperation({
    summary:
      "A workflow's full event history as Temporal JSON (the latest run, or ?runId=), as `temporal workflow show --output json` writes it and Worker.runReplayHistory reads it",
  })
  async history(@CurrentUser() user: Principal, @Param() p: HistoryParamsDto, @Query() q: HistoryQueryDto): Promise<string> {
    const json = await exportHistory(this.client, p.workflowId, q.runId);
    if (json === null) throw new NotFoundError('workflowId', `no workflow ${p.workflowId}${q.runId ? ` with run ${q.runId}` : ''}`);
    await this.record(user, 'admin.export', 'workflow', p.workflowId, { runId: q.runId ?? null });
    return json;
  }

  @Post('replays')
  @ApiErrors({ 409: 'a replay job is still running' })
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Replay workflow histories against the current workflow code, as a background job: named workflowIds, a visibility query, or (empty body) every workflow of the service',
  })
  @ApiBody({ schema: jsonSchemaOf(StartReplaySchema) })
  @ApiAcceptedResponse({ schema: jsonSchemaOf(ReplayJobSchema) })
  async start(@CurrentUser() user: Principal, @Body() body: StartReplayDto): Promise<ReplayJobView> {
    const selection = body.workflowIds
      ? ({ kind: 'ids', workflowIds: body.workflowIds } as const)
      : body.query !== undefined
        ? ({ kind: 'query', query: body.query } as const)
        : ({ kind: 'all' } as const);
    return this.jobs.start(selection, (jobId) => this.record(user, 'admin.replay', 'replay_job', jobId, { selection }));
  }

  @Get('replays/:jobId')
  @ApiParam(uuidApiParam('jobId', 'the replay job id'))
  @ApiOkResponse({ schema: jsonSchemaOf(ReplayJobSchema) })
  @ApiOperation({ summary: 'A replay job: status, percent done, and per workflow ok or the determinism error and the event where it diverged' })
  job(@Param() p: ReplayJobParamsDto): Promise<ReplayJobView> {
    return this.jobs.get(p.jobId);
  }
}
