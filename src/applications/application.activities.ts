import { Injectable, Logger } from '@nestjs/common';
import { assessApplication, integerParameter, type ApplicantProfile } from '../domain';
import { PrismaService } from '../database/prisma.service';
import { PolicyRepository } from '../policy/policy.repository';
import type { ApplicationActivities, CaseAssessment, IntakeActivities, ReserveFundsInput, ReserveFundsResult } from '../../workflows/activities';
import type { CaseChange, StoredTask } from '../domain/case/records';
import { ApplicationFailure } from '@temporalio/common';
import { Prisma } from '../generated/prisma/client';

type InputJsonValue = Prisma.InputJsonValue;

/** The calendar year of an instant in the pack's time zone: pools are per budget year. */
export function budgetYear(at: Date, timeZone: string): number {
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(at);
  return Number(year);
}

const at = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

function taskColumns(t: StoredTask) {
  return {
    bureauCode: t.bureauCode,
    stage: t.stage,
    status: t.status,
    assigneeId: t.assigneeId,
    claimedAt: at(t.claimedAt),
    priority: t.priority,
    createdAt: new Date(t.createdAt),
    dueAt: new Date(t.dueAt),
    remindedAt: at(t.remindedAt),
    escalatedAt: at(t.escalatedAt),
    decision: t.decision,
    comment: t.comment,
    amountFen: t.amountFen === null ? null : BigInt(t.amountFen),
    overrideReason: t.overrideReason,
    questions: t.questions === null ? Prisma.DbNull : t.questions,
    completedById: t.completedById,
    completedAt: at(t.completedAt),
  };
}

@Injectable()
export class ApplicationActivitiesImpl implements ApplicationActivities, IntakeActivities {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly prisma: PrismaService,
    private readonly policy: PolicyRepository,
  ) {}

  async assessCase(applicationId: string): Promise<CaseAssessment> {
    const app = await this.prisma.application.findUnique({ where: { id: applicationId }, include: { organisation: true } });
    if (!app) throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'NotFound');
    const rules = await this.policy.rules(app.packId, app.packVersion);
    const org = app.organisation;
    const applicant: ApplicantProfile = {
      organisationId: org.id,
      kind: org.kind,
      isStartup: org.isStartup,
      district: org.district,
      registeredOn: org.registeredOn ? org.registeredOn.toISOString().slice(0, 10) : null,
    };
    const assessment = assessApplication(rules, {
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      form: app.form as Record<string, unknown>,
      applicant,
      receivedAt: app.submittedAt.toISOString(),
    });
    const bureaus = [...new Set(assessment.reviewPlan.flatMap((s) => s.bureaus))];
    const supervisors = await this.prisma.user.findMany({ where: { bureauCode: { in: bureaus }, role: 'supervisor' }, select: { id: true, bureauCode: true }, orderBy: { id: 'asc' } });
    const data = { eligible: assessment.eligible, computedAwardFen: assessment.award.amountFen, routing: assessment.routing };
    await this.prisma.$transaction([
      this.prisma.application.update({
        where: { id: applicationId },
        data: { assessment: assessment as unknown as InputJsonValue, computedAwardFen: BigInt(assessment.award.amountFen) },
      }),
      this.prisma.applicationEvent.upsert({
        where: { applicationId_eventKey: { applicationId, eventKey: 'assessed' } },
        create: { applicationId, eventKey: 'assessed', type: 'case.assessed', actorId: null, data: data as unknown as InputJsonValue, at: new Date() },
        update: {},
      }),
    ]);
    return {
      assessment,
      clock: {
        taskDueDays: integerParameter(rules, 'review.taskDueDays'),
        reminderDaysBeforeDue: integerParameter(rules, 'review.reminderDaysBeforeDue'),
        rfiAnswerDays: integerParameter(rules, 'rfi.answerDeadlineDays'),
        timeZone: rules.timezone,
        supervisors: Object.fromEntries(bureaus.map((b) => [b, supervisors.filter((u) => u.bureauCode === b).map((u) => u.id)])),
      },
    };
  }

  /** Writes one transition of the workflow to the projection the API reads, atomically. */
  async projectCase(c: CaseChange): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      for (const t of c.tasks) {
        const data = taskColumns(t);
        await tx.reviewTask.upsert({ where: { id: t.taskId }, create: { id: t.taskId, applicationId: c.caseId, ...data }, update: data });
      }
      for (const e of c.events) {
        await tx.applicationEvent.upsert({
          where: { applicationId_eventKey: { applicationId: c.caseId, eventKey: e.eventKey } },
          create: { applicationId: c.caseId, eventKey: e.eventKey, type: e.type, actorId: e.actorId, data: e.data as unknown as InputJsonValue, at: new Date(e.at) },
          update: {},
        });
      }
      const f = c.outcome;
      if (f) {
        await tx.application.update({
          where: { id: c.caseId },
          data: {
            status: f.status,
            approvedAwardFen: f.approvedAwardFen === null ? null : BigInt(f.approvedAwardFen),
            decisionReason: f.reason,
            decidedAt: new Date(f.decidedAt),
          },
        });
      } else if (c.status) {
        await tx.application.update({ where: { id: c.caseId }, data: { status: c.status } });
      }
    });
  }

  async reserveFunds(r: ReserveFundsInput): Promise<ReserveFundsResult> {
    const { pack } = await this.policy.pack(r.packId);
    // Awards count against the budget year the application was received in (Asia/Shanghai): a case
    // received before the policy expires is decided, and paid, even when its decision falls later.
    const app = await this.prisma.application.findUniqueOrThrow({ where: { id: r.applicationId }, select: { submittedAt: true } });
    const year = budgetYear(app.submittedAt, pack.timezone);
    const amount = BigInt(r.amountFen);
    const reservationId = `${r.applicationId}:${r.poolCode}`;
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.poolReservation.findUnique({ where: { id: reservationId } });
      if (existing && existing.releasedAt === null) {
        return { ok: true as const, reservationId, year };
      }
      // One conditional UPDATE: the row lock serialises concurrent reservations; the CHECK constraint backs it up.
      const updated = await tx.$queryRaw<{ id: string }[]>`
        UPDATE budget_pools SET reserved_fen = reserved_fen + ${amount}
        WHERE pack_id = ${r.packId} AND code = ${r.poolCode} AND year = ${year} AND reserved_fen + ${amount} <= total_fen
        RETURNING id`;
      const pool = updated[0];
      if (!pool) {
        const row = await tx.budgetPool.findUnique({ where: { packId_code_year: { packId: r.packId, code: r.poolCode, year } } });
        const poolName = pack.pools.find((p) => p.code === r.poolCode)?.name ?? { zh: r.poolCode, en: r.poolCode };
        return { ok: false as const, year, availableFen: row ? (row.totalFen - row.reservedFen).toString() : '0', poolName };
      }
      if (existing) {
        await tx.poolReservation.update({ where: { id: reservationId }, data: { amountFen: amount, releasedAt: null, poolId: pool.id } });
      } else {
        await tx.poolReservation.create({ data: { id: reservationId, poolId: pool.id, applicationId: r.applicationId, amountFen: amount } });
      }
      return { ok: true as const, reservationId, year };
    });
  }

  async setIntakeOpen(packId: string, open: boolean, at: string): Promise<void> {
    await this.prisma.policyPack.update({ where: { id: packId }, data: { intakeOpen: open } });
    this.logger.log(`${packId} intake ${open ? 'opened' : 'closed'} at ${at}`);
  }
}
