import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { coFundingFor, NoRuleVersionError, packVersionAt, validateApplicationForm, type Assessment, type PackRules, type PolicyPack } from '../domain';
import type { Principal } from '../auth/principal';
import { ConflictError, ForbiddenError, NotFoundError, UnavailableError, UnprocessableError, ValidationError } from '../common/errors';
import { PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import { PolicyRepository } from '../policy/policy.repository';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import {
  answerInformationUpdate,
  applicationWorkflowId,
  withdrawUpdate,
  type AnswerInformationResult,
  type ApplicationWorkflowInput,
  type WithdrawResult,
} from '../../workflows/application.messages';
import type { applicationWorkflow } from '../../workflows/application.workflow';
import { canonicalJson } from '../common/canonical-json';
import { actorOf, refusalToHttp } from '../common/updates';
import type { AnswerInformationDto, ListApplicationsDto, SubmitApplicationDto } from './application.dto';
import { applicantReason, applicantTimeline, type TimelineEntry } from './applicant-view';

/** A case with its timeline and tasks, oldest first: what every case read needs. */
const CASE_INCLUDE = {
  events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
  tasks: { orderBy: { createdAt: 'asc' } },
} satisfies Prisma.ApplicationInclude;
type AppRow = Prisma.ApplicationGetPayload<{ include: typeof CASE_INCLUDE }>;

export interface CaseDto {
  id: string;
  reference: string;
  status: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  organisationId: string;
  form: unknown;
  submittedAt: string;
  decidedAt: string | null;
  computedAwardFen: string | null;
  approvedAwardFen: string | null;
  decisionReason: string | null;
  award: Assessment['award'] | null;
  ineligibility: Assessment['ineligibility'];
  routing: Assessment['routing'] | null;
  /**
   * A co-funded award's split between the city and the district treasury (strings of fen; the odd fen
   * goes to the city): of the approved amount once the case is approved, else of the computed award.
   */
  coFunding: Assessment['coFunding'];
  tasks: { id: string; bureauCode: string; stage: string; status: string; createdAt: string; dueAt: string | null; completedAt: string | null; decision: string | null }[];
  /** While the case waits for the applicant: what was asked, by whom, and the answer deadline. */
  informationRequest: { bureauCode: string; questions: string[]; requestedAt: string; answerDueAt: string } | null;
  /** Officers and admins see every event; the applicant sees what a citizen is told (see ./applicant-view). */
  timeline: TimelineEntry[];
}

@Injectable()
export class ApplicationService {
  private readonly logger = new Logger('Applications');

  constructor(
    private readonly prisma: PrismaService,
    private readonly policy: PolicyRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  async submit(user: Principal, dto: SubmitApplicationDto, idempotencyKey: string | undefined): Promise<{ created: boolean; case: CaseDto }> {
    if (user.role !== 'applicant' || !user.organisationId) throw new ForbiddenError(null, 'only applicants of an organisation submit applications');
    const packId = dto.packId;
    const { pack, intakeOpen } = await this.policy.pack(packId);
    if (!intakeOpen) throw intakeClosed(pack);
    const receivedAt = new Date();
    const rules = rulesAtReceipt(pack, receivedAt);
    const checked = validateApplicationForm(rules, dto.measureCode, dto.subtypeCode, dto.form);
    if (!checked.ok) {
      throw new ValidationError(checked.issues);
    }
    const requestHash = createHash('sha256')
      .update(canonicalJson({ packId, measureCode: dto.measureCode, subtypeCode: dto.subtypeCode, form: checked.form }))
      .digest('hex');

    const existing = idempotencyKey ? await this.byKey(user.organisationId, idempotencyKey) : null;
    if (existing) return { created: false, case: await this.replay(user, existing, requestHash, packId) };

    const id = randomUUID();
    const row = {
      id,
      reference: `AP-${receivedAt.getUTCFullYear()}-${id.replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      packId,
      packVersion: rules.version,
      measureCode: dto.measureCode,
      subtypeCode: dto.subtypeCode,
      organisationId: user.organisationId,
      submittedById: user.userId,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
      form: checked.form as Prisma.InputJsonValue,
      workflowId: applicationWorkflowId(id),
      submittedAt: receivedAt,
    };
    try {
      await this.prisma.$transaction([
        this.prisma.application.create({ data: row }),
        this.prisma.applicationEvent.create({
          data: { applicationId: id, eventKey: 'submitted', type: 'case.submitted', actorId: user.userId, data: { packVersion: rules.version }, at: receivedAt },
        }),
      ]);
    } catch (err) {
      // Two concurrent requests with one key: the unique index lets exactly one insert through.
      if (idempotencyKey && (err as { code?: string }).code === 'P2002') {
        const winner = await this.byKey(user.organisationId, idempotencyKey);
        if (winner) return { created: false, case: await this.replay(user, winner, requestHash, packId) };
      }
      throw err;
    }
    try {
      await this.startWorkflow({ applicationId: id, packId, packVersion: rules.version, receivedAt: receivedAt.toISOString(), organisationId: user.organisationId });
    } catch (err) {
      // Nothing half-made stays behind: without its workflow the row would be a case nobody handles.
      this.logger.error(`could not start the workflow for ${id}: ${(err as Error).message}`);
      await this.prisma.$transaction([
        this.prisma.applicationEvent.deleteMany({ where: { applicationId: id } }),
        this.prisma.application.delete({ where: { id } }),
      ]);
      throw new UnavailableError(null, 'the workflow service is unavailable; nothing was stored, please retry');
    }
    return { created: true, case: await this.read(user, id) };
  }

  private async byKey(organisationId: string, key: string): Promise<{ id: string; requestHash: string; packVersion: number; submittedAt: Date; organisationId: string } | null> {
    return this.prisma.application.findUnique({
      where: { organisationId_idempotencyKey: { organisationId, idempotencyKey: key } },
      select: { id: true, requestHash: true, packVersion: true, submittedAt: true, organisationId: true },
    });
  }

  private async replay(
    user: Principal,
    existing: { id: string; requestHash: string; packVersion: number; submittedAt: Date; organisationId: string },
    requestHash: string,
    packId: string,
  ): Promise<CaseDto> {
    if (existing.requestHash !== requestHash) {
      throw new ConflictError('Idempotency-Key', 'this Idempotency-Key was already used for a different application');
    }
    // Starting again is a no-op when the workflow runs, and heals a case whose first start failed mid-way.
    await this.startWorkflow({
      applicationId: existing.id,
      packId,
      packVersion: existing.packVersion,
      receivedAt: existing.submittedAt.toISOString(),
      organisationId: existing.organisationId,
    });
    return this.toDto(user, await this.load(existing.id));
  }

  private async startWorkflow(input: ApplicationWorkflowInput): Promise<void> {
    await this.temporal.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
      workflowId: applicationWorkflowId(input.applicationId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  }

  async read(user: Principal, id: string): Promise<CaseDto> {
    const row = await this.prisma.application.findUnique({ where: { id }, include: CASE_INCLUDE });
    // Not entitled looks the same as absent: a case's existence is itself private.
    if (!row || !this.entitled(user, row)) throw new NotFoundError('id', `no application ${id}`);
    return this.toDto(user, row);
  }

  /** The applicant's answer to a request for information; the workflow resumes the review that asked. */
  async answerInformation(user: Principal, id: string, dto: AnswerInformationDto): Promise<AnswerInformationResult> {
    const row = await this.ownCase(user, id);
    try {
      return await this.temporal.workflow
        .getHandle(row.workflowId)
        .executeUpdate(answerInformationUpdate, { args: [{ actor: actorOf(user), answers: dto.answers, documentIds: dto.documentIds }] });
    } catch (err) {
      return refusalToHttp(err);
    }
  }

  /** Withdrawal before the final decision: open tasks are cancelled and the case ends as withdrawn. */
  async withdraw(user: Principal, id: string, reason: string | null): Promise<WithdrawResult> {
    const row = await this.ownCase(user, id);
    if (TERMINAL.has(row.status)) throw new ConflictError(null, `the case is already ${row.status}`, { reason: 'CaseClosed' });
    try {
      return await this.temporal.workflow.getHandle(row.workflowId).executeUpdate(withdrawUpdate, { args: [{ actor: actorOf(user), reason }] });
    } catch (err) {
      return refusalToHttp(err);
    }
  }

  private async ownCase(user: Principal, id: string): Promise<{ workflowId: string; status: string }> {
    if (user.role !== 'applicant') throw new ForbiddenError(null, 'only the applicant organisation may do this');
    const row = await this.prisma.application.findUnique({ where: { id }, select: { workflowId: true, status: true, organisationId: true } });
    if (!row || row.organisationId !== user.organisationId) throw new NotFoundError('id', `no application ${id}`);
    return row;
  }

  async list(user: Principal, q: ListApplicationsDto): Promise<{ items: CaseDto[]; total: number; limit: number; offset: number }> {
    const where: Prisma.ApplicationWhereInput = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.measureCode ? { measureCode: q.measureCode } : {}),
    };
    if (user.role === 'applicant') where.organisationId = user.organisationId ?? '\u0000';
    else if (user.role !== 'admin') where.tasks = { some: { bureauCode: user.bureauCode ?? '\u0000' } };
    const [rows, total] = await Promise.all([
      this.prisma.application.findMany({
        where,
        orderBy: { submittedAt: 'desc' },
        take: q.limit,
        skip: q.offset,
        include: CASE_INCLUDE,
      }),
      this.prisma.application.count({ where }),
    ]);
    return { items: rows.map((r) => this.toDto(user, r)), total, limit: q.limit, offset: q.offset };
  }

  private entitled(user: Principal, row: AppRow): boolean {
    switch (user.role) {
      case 'applicant':
        return row.organisationId === user.organisationId;
      case 'officer':
      case 'supervisor':
        return row.tasks.some((t) => t.bureauCode === user.bureauCode);
      case 'admin':
        return true;
    }
  }

  private async load(id: string): Promise<AppRow> {
    return this.prisma.application.findUniqueOrThrow({ where: { id }, include: CASE_INCLUDE });
  }

  private toDto(user: Principal, row: AppRow): CaseDto {
    const a = row.assessment as Assessment | null;
    const applicant = user.role === 'applicant';
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      packId: row.packId,
      packVersion: row.packVersion,
      measureCode: row.measureCode,
      subtypeCode: row.subtypeCode,
      organisationId: row.organisationId,
      form: row.form,
      submittedAt: row.submittedAt.toISOString(),
      decidedAt: row.decidedAt?.toISOString() ?? null,
      computedAwardFen: row.computedAwardFen?.toString() ?? null,
      approvedAwardFen: row.approvedAwardFen?.toString() ?? null,
      decisionReason: applicant ? applicantReason(row.decisionReason, row.tasks) : row.decisionReason,
      // Once approved, the explanation of what is paid (with any cut and its reason); before, the computed one.
      award: approvedExplanation(row.events) ?? a?.award ?? null,
      ineligibility: a?.ineligibility ?? [],
      routing: a?.routing ?? null,
      coFunding: a ? coFundingShown(a, row.approvedAwardFen) : null,
      tasks: row.tasks.map((t) => ({
        id: t.id,
        bureauCode: t.bureauCode,
        stage: t.stage,
        status: t.status,
        createdAt: t.createdAt.toISOString(),
        dueAt: t.dueAt?.toISOString() ?? null,
        completedAt: t.completedAt?.toISOString() ?? null,
        decision: t.decision,
      })),
      informationRequest: row.status === 'awaiting_information' ? pendingRequest(row.events) : null,
      timeline: applicant ? applicantTimeline(row.events, row.tasks) : row.events.map((e) => ({ at: e.at.toISOString(), type: e.type, actorId: e.actorId, data: e.data })),
    };
  }
}

function approvedExplanation(events: AppRow['events']): Assessment['award'] | null {
  const approved = events.find((e) => e.type === 'case.approved');
  const award = (approved?.data as { award?: Assessment['award'] | null } | undefined)?.award;
  return award ?? null;
}

const TERMINAL = new Set(['approved', 'rejected', 'withdrawn', 'lapsed', 'refused']);

/** Re-split for the approved amount when the officer approved one, so the two shares always add up to what is paid. */
function coFundingShown(a: Assessment, approvedFen: bigint | null): Assessment['coFunding'] {
  if (!a.coFunding) return null;
  return approvedFen === null ? a.coFunding : coFundingFor(a, approvedFen);
}

function intakeClosed(pack: PolicyPack, why: 'before' | 'after' = 'after'): UnprocessableError {
  const state = why === 'before' ? 'not open yet' : 'closed';
  return new UnprocessableError('packId', `intake for ${pack.id} is ${state}: applications are accepted from ${pack.validity.from} until ${pack.validity.to} (end exclusive)`);
}

/**
 * The rule version in force at receipt. The durable intake clock flips `intakeOpen` a moment after
 * the window's edge, so a request in between finds no version: that is closed intake, not a fault.
 */
function rulesAtReceipt(pack: PolicyPack, receivedAt: Date): PackRules {
  try {
    return packVersionAt(pack, receivedAt);
  } catch (err) {
    if (err instanceof NoRuleVersionError) throw intakeClosed(pack, err.why);
    throw err;
  }
}

/** The latest request notice on the timeline (events come oldest first). */
function pendingRequest(events: AppRow['events']): CaseDto['informationRequest'] {
  const notice = [...events].reverse().find((e) => e.type === 'notice.information_requested');
  if (!notice) return null;
  const d = notice.data as { bureauCode: string; questions: string[]; answerDueAt: string };
  return { bureauCode: d.bureauCode, questions: d.questions, requestedAt: notice.at.toISOString(), answerDueAt: d.answerDueAt };
}
