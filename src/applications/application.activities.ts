import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { assessApplication, integerParameter, type Assessment } from '../domain';
import { CASE_EVENT_TYPES, CASE_EVENT_VERSION, type CaseEvent, type CaseEventType, type ReviewDecision } from '../domain/case/events';
import { TERMINAL_STATUSES, type CaseChange, type CaseOutcome, type StoredTask } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import { PoolRepository } from '../database/pool.repository';
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

/** Today's workflow writes untyped events; the projection contract is the typed union (v1). */
export function caseEventOf(e: RecordEventInput): CaseEvent {
  if (!EVENT_TYPES.has(e.type)) throw ApplicationFailure.nonRetryable(`unknown case event type ${e.type}`, 'InvalidEvent');
  return { eventKey: e.eventKey, type: e.type as CaseEventType, v: CASE_EVENT_VERSION, actorId: e.actorId, at: e.at, data: e.data } as CaseEvent;
}

function storedTaskOf(t: TaskSnapshot): StoredTask {
  if (t.decision !== null && !DECISIONS.has(t.decision)) throw ApplicationFailure.nonRetryable(`unknown decision ${t.decision}`, 'InvalidTask');
  const { applicationId: _case, ...rest } = t;
  return { ...rest, decision: t.decision as ReviewDecision | null };
}

/** Converts today's SyncCaseInput into the lead's CaseChange contract, so the repository takes only that. */
export function caseChangeOf(c: SyncCaseInput): CaseChange {
  const f = c.final;
  const terminal = f !== undefined && TERMINAL_STATUSES.includes(f.status);
  const outcome: CaseOutcome | undefined =
    f && terminal ? { status: f.status as CaseOutcome['status'], approvedAwardFen: f.approvedAwardFen, reason: f.reason, decidedAt: f.decidedAt } : undefined;
  const status = f && !terminal ? f.status : c.status;
  return {
    caseId: c.applicationId,
    tasks: c.tasks.map(storedTaskOf),
    events: c.events.map(caseEventOf),
    ...(status ? { status } : {}),
    ...(outcome ? { outcome } : {}),
  };
}

@Injectable()
export class ApplicationActivitiesImpl implements ApplicationActivities, IntakeActivities {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly cases: CaseRepository,
    private readonly organisations: OrganisationRepository,
    private readonly packs: PackRepository,
    private readonly pools: PoolRepository,
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
    await this.cases.applyChange(caseChangeOf(c));
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
