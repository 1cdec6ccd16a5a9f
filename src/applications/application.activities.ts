import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { assessApplication, integerParameter, type Assessment } from '../domain';
import { CASE_EVENT_TYPES, CASE_EVENT_VERSION, type CaseEvent, type CaseEventType, type ReviewDecision } from '../domain/case/events';
import { TERMINAL_STATUSES, type CaseChange, type CaseOutcome, type StoredTask } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import { PoolRepository } from '../database/pool.repository';
import { TaskRepository, type TaskRow } from '../database/task.repository';
import { asCaseEvent } from './case-events.schema';
import type {
  ApplicationActivities,
  IntakeActivities,
  RecordEventInput,
  ReserveFundsInput,
  ReserveFundsResult,
  ReviewClock,
  SyncCaseInput,
  TaskSnapshot,
} from '../../workflows/activities';

/** The calendar year of an instant in the pack's time zone: pools are per budget year. */
export function budgetYear(at: Date, timeZone: string): number {
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(at);
  return Number(year);
}

const EVENT_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);
const DECISIONS: ReadonlySet<string> = new Set(['approve', 'reject', 'return']);

const logger = new Logger('Projection');

/**
 * Today's workflow writes untyped events; the projection stores the typed union (v1): each event is
 * written in its v1 shape (keys outside it dropped). One that does not fit is stored as sent and
 * logged, rather than failing the case's workflow (the case view reads around it).
 */
export function caseEventOf(e: RecordEventInput): CaseEvent {
  if (!EVENT_TYPES.has(e.type)) throw ApplicationFailure.nonRetryable(`unknown case event type ${e.type}`, 'InvalidEvent');
  const sent = { eventKey: e.eventKey, type: e.type as CaseEventType, v: CASE_EVENT_VERSION, actorId: e.actorId, at: e.at, data: e.data };
  const typed = asCaseEvent(sent);
  if (!typed) logger.warn(`event ${e.type} (${e.eventKey}) of ${e.applicationId} does not match its v${CASE_EVENT_VERSION} shape; stored as sent`);
  return typed ?? (sent as CaseEvent);
}

/** The decision that approved a case: the last approval among its completed tasks. */
export type ApprovingDecision = Pick<StoredTask, 'comment' | 'overrideReason'>;

/**
 * Today's workflow writes `case.approved` with `reason: comment ?? overrideReason` and no
 * `internalReason`, and the same mixed reason on the case row. The v1 contract separates them: the
 * public reason is the approving officer's comment, the internal one the override reason, and the row
 * holds only the public one. The approving task says which is which, field by field.
 */
function separateReasons(e: RecordEventInput, by: ApprovingDecision | null): RecordEventInput {
  if (e.type !== 'case.approved' || 'internalReason' in e.data) return e;
  return { ...e, data: { ...e.data, reason: by ? by.comment : (e.data.reason ?? null), internalReason: by ? by.overrideReason : null } };
}

function storedTaskOf(t: TaskSnapshot): StoredTask {
  if (t.decision !== null && !DECISIONS.has(t.decision)) throw ApplicationFailure.nonRetryable(`unknown decision ${t.decision}`, 'InvalidTask');
  const { applicationId: _case, ...rest } = t;
  return { ...rest, decision: t.decision as ReviewDecision | null };
}

/** True when the change carries a `case.approved` written without the separated reasons. */
export const needsApprovingDecision = (c: SyncCaseInput): boolean => c.events.some((e) => e.type === 'case.approved' && !('internalReason' in e.data));

/**
 * Converts today's SyncCaseInput into the lead's CaseChange contract, so the repository takes only
 * that. `approvedBy` is the approving decision, needed only when `needsApprovingDecision`.
 */
export function caseChangeOf(c: SyncCaseInput, approvedBy: ApprovingDecision | null = null): CaseChange {
  const f = c.final;
  const terminal = f !== undefined && TERMINAL_STATUSES.includes(f.status);
  const legacy = needsApprovingDecision(c);
  const reason = f && f.status === 'approved' && legacy && approvedBy ? approvedBy.comment : (f?.reason ?? null);
  const outcome: CaseOutcome | undefined =
    f && terminal ? { status: f.status as CaseOutcome['status'], approvedAwardFen: f.approvedAwardFen, reason, decidedAt: f.decidedAt } : undefined;
  const status = f && !terminal ? f.status : c.status;
  return {
    caseId: c.applicationId,
    tasks: c.tasks.map(storedTaskOf),
    events: c.events.map((e) => caseEventOf(separateReasons(e, approvedBy))),
    ...(status ? { status } : {}),
    ...(outcome ? { outcome } : {}),
  };
}

interface Decided extends ApprovingDecision {
  status: string;
  decision: string | null;
  completedAt: string | null;
}
const asDecided = (t: TaskRow): Decided => ({ status: t.status, decision: t.decision, completedAt: t.completedAt?.toISOString() ?? null, comment: t.comment, overrideReason: t.overrideReason });

function lastApproval(tasks: Decided[]): ApprovingDecision | null {
  const approvals = tasks.filter((t) => t.status === 'completed' && t.decision === 'approve' && t.completedAt !== null);
  approvals.sort((a, b) => Date.parse(a.completedAt!) - Date.parse(b.completedAt!));
  const last = approvals[approvals.length - 1];
  return last ? { comment: last.comment, overrideReason: last.overrideReason } : null;
}

@Injectable()
export class ApplicationActivitiesImpl implements ApplicationActivities, IntakeActivities {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly cases: CaseRepository,
    private readonly organisations: OrganisationRepository,
    private readonly packs: PackRepository,
    private readonly pools: PoolRepository,
    private readonly tasks: TaskRepository,
  ) {}

  async assessApplication(applicationId: string): Promise<Assessment> {
    const app = await this.cases.find(applicationId);
    if (!app) throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'NotFound');
    const org = await this.organisations.organisation(app.organisationId);
    if (!org) throw ApplicationFailure.nonRetryable(`organisation ${app.organisationId} not found`, 'NotFound');
    const rules = await this.packs.rules(app.packId, app.packVersion);
    const assessment = assessApplication(rules, {
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      form: app.form as Record<string, unknown>,
      applicant: { organisationId: org.id, kind: org.kind, isStartup: org.isStartup, district: org.district, registeredOn: org.registeredOn },
      receivedAt: app.submittedAt.toISOString(),
    });
    await this.cases.saveAssessment(applicationId, assessment, {
      eventKey: 'assessed',
      type: 'case.assessed',
      v: CASE_EVENT_VERSION,
      actorId: null,
      at: new Date().toISOString(),
      data: { eligible: assessment.eligible, computedAwardFen: assessment.award.amountFen, routing: assessment.routing },
    });
    return assessment;
  }

  /** Writes one state change of the workflow to the projection the API reads, atomically. */
  async syncCase(c: SyncCaseInput): Promise<void> {
    const approvedBy = needsApprovingDecision(c) ? lastApproval([...c.tasks, ...(await this.tasks.ofCase(c.applicationId)).map(asDecided)]) : null;
    await this.cases.applyChange(caseChangeOf(c, approvedBy));
  }

  async reviewClock(packId: string, version: number): Promise<ReviewClock> {
    const rules = await this.packs.rules(packId, version);
    return {
      taskDueDays: integerParameter(rules, 'review.taskDueDays'),
      reminderDaysBeforeDue: integerParameter(rules, 'review.reminderDaysBeforeDue'),
      rfiAnswerDays: integerParameter(rules, 'rfi.answerDeadlineDays'),
    };
  }

  async bureauSupervisors(bureauCode: string): Promise<string[]> {
    return this.organisations.supervisorsOf(bureauCode);
  }

  async recordEvent(e: RecordEventInput): Promise<void> {
    await this.cases.recordEvent(e.applicationId, caseEventOf(e));
  }

  async reserveFunds(r: ReserveFundsInput): Promise<ReserveFundsResult> {
    const { pack } = await this.packs.pack(r.packId);
    // Awards count against the budget year the application was received in (Asia/Shanghai): a case
    // received before the policy expires is decided, and paid, even when its decision falls later.
    const receivedAt = await this.cases.receivedAt(r.applicationId);
    if (!receivedAt) throw ApplicationFailure.nonRetryable(`application ${r.applicationId} not found`, 'NotFound');
    const year = budgetYear(receivedAt, pack.timezone);
    const result = await this.pools.reserve({ packId: r.packId, poolCode: r.poolCode, year, applicationId: r.applicationId, amountFen: BigInt(r.amountFen) });
    return result.ok ? { ok: true, reservationId: result.reservationId, year } : { ok: false, year, availableFen: result.availableFen.toString() };
  }

  async setIntakeOpen(packId: string, open: boolean, at: string): Promise<void> {
    await this.packs.setIntakeOpen(packId, open);
    this.logger.log(`${packId} intake ${open ? 'opened' : 'closed'} at ${at}`);
  }
}
