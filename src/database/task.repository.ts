import { Injectable } from '@nestjs/common';
import type { StoredTaskStatus } from '../domain/case/records';
import { Prisma } from '../generated/prisma/client';
import { typedCase, type CaseViewRecord } from './case.repository';
import { CASE_VIEW_JSON, fromCaseViewJson, type CaseViewJson } from './case-read';
import type { CaseDocumentRow } from './document.repository';
import { PrismaService } from './prisma.service';

/** One review_tasks row as the projection holds it. */
export interface TaskRow {
  id: string;
  /** Null for a registered key lab's evaluation: the lab was designated before the system ran, by no case. */
  caseId: string | null;
  /** The key lab a lab-evaluation-<n> task grades; null for a case's review tasks. */
  labId: string | null;
  bureauCode: string;
  stage: string;
  status: StoredTaskStatus;
  assigneeId: string | null;
  claimedAt: Date | null;
  priority: number;
  createdAt: Date;
  dueAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  decision: string | null;
  comment: string | null;
  amountFen: bigint | null;
  overrideReason: string | null;
  questions: unknown;
  completedById: string | null;
  completedAt: Date | null;
}

/** A task with its city: its bureau code means that city's bureau (a case's city, or a registered lab's pack's). */
export interface ScopedTaskRow extends TaskRow {
  jurisdictionId: string;
}

/** A task with what the inbox shows of its case (a registered lab's evaluation: of its lab, its name as reference). */
export interface InboxRow extends ScopedTaskRow {
  case: {
    reference: string;
    packId: string;
    packVersion: number;
    measureCode: string;
    subtypeCode: string;
    computedAwardFen: bigint | null;
    doubleBenefit: boolean;
  };
}

/** The key lab a lab evaluation task grades, as the task detail names it. */
export interface TaskLab {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
}

/**
 * A task with its case (the row with its state, the timeline to list) and the files its form names, for
 * the task detail; a lab's evaluation also with its lab (a registered lab's, with no case).
 */
export interface TaskDetailRow extends ScopedTaskRow {
  case: (CaseViewRecord & { organisationName: string; documents: CaseDocumentRow[] }) | null;
  lab: TaskLab | null;
}

export interface InboxFilter {
  /** A bureau is its code within a jurisdiction. */
  jurisdictionId: string;
  bureauCode: string;
  doubleBenefit?: boolean;
  status?: StoredTaskStatus;
  priority?: number;
  measureCode?: string;
  dueFrom?: Date;
  dueTo?: Date;
  /** A user id, or null for unassigned tasks only; undefined for any. */
  assigneeId?: string | null;
  sort: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A review_tasks row (aliased `t`) as TaskRow names its columns. */
const TASK_COLUMNS = Prisma.sql`t.id, t.application_id AS "caseId", t.lab_id AS "labId", t.bureau_code AS "bureauCode", t.stage,
  t.status::text AS status, t.assignee_id AS "assigneeId", t.claimed_at AS "claimedAt", t.priority, t.created_at AS "createdAt",
  t.due_at AS "dueAt", t.reminded_at AS "remindedAt", t.escalated_at AS "escalatedAt", t.decision, t.comment,
  t.amount_fen AS "amountFen", t.override_reason AS "overrideReason", t.questions, t.completed_by_id AS "completedById",
  t.completed_at AS "completedAt"`;

/**
 * A task with its case (a) or, for a registered lab's evaluation (no case), its lab (k) and the lab's
 * pack (kp). A task's city is its case's, else its lab's pack's; '' matches no caller's city, so access
 * fails closed.
 */
const TASK_FROM = Prisma.sql`review_tasks t
  LEFT JOIN applications a ON a.id = t.application_id
  LEFT JOIN key_labs k ON t.application_id IS NULL AND k.id = t.lab_id
  LEFT JOIN policy_packs kp ON kp.id = k.pack_id`;
const TASK_CITY = Prisma.sql`COALESCE(a.jurisdiction_id, kp.jurisdiction_id, '')`;

type InboxSqlRow = ScopedTaskRow & InboxRow['case'];

/**
 * The review_tasks projection (written by CaseRepository.applyChange), as the officers' inbox reads it.
 * Each read is one statement (the inbox two: its page and its count): Prisma's `include` sent one per
 * relation, and these run on every look at an inbox and every click on a task.
 */
@Injectable()
export class TaskRepository {
  constructor(private readonly prisma: PrismaService) {}

  async inbox(f: InboxFilter): Promise<{ rows: InboxRow[]; total: number }> {
    const where = Prisma.join(
      [
        Prisma.sql`t.bureau_code = ${f.bureauCode}`,
        // The city's tasks: its cases', and its registered labs' (no case; the lab's pack is the city's).
        Prisma.sql`${TASK_CITY} = ${f.jurisdictionId}`,
        ...(f.status ? [Prisma.sql`t.status = ${f.status}::"TaskStatus"`] : []),
        ...(f.priority !== undefined ? [Prisma.sql`t.priority = ${f.priority}`] : []),
        // A registered lab's evaluation has no case: its measure is its lab's, and it is flagged for no double benefit.
        ...(f.measureCode ? [Prisma.sql`COALESCE(a.measure_code, k.measure_code) = ${f.measureCode}`] : []),
        ...(f.doubleBenefit !== undefined ? [Prisma.sql`COALESCE(a.double_benefit, false) = ${f.doubleBenefit}`] : []),
        ...(f.dueFrom ? [Prisma.sql`t.due_at >= ${f.dueFrom}`] : []),
        ...(f.dueTo ? [Prisma.sql`t.due_at <= ${f.dueTo}`] : []),
        ...(f.assigneeId === null ? [Prisma.sql`t.assignee_id IS NULL`] : f.assigneeId !== undefined ? [Prisma.sql`t.assignee_id = ${f.assigneeId}`] : []),
      ],
      ' AND ',
    );
    const direction = f.sort === 'desc' ? Prisma.sql`DESC` : Prisma.sql`ASC`;
    const [rows, [count]] = await Promise.all([
      this.prisma.$queryRaw<InboxSqlRow[]>`
        SELECT ${TASK_COLUMNS}, ${TASK_CITY} AS "jurisdictionId",
          COALESCE(a.reference, k.name) AS reference, COALESCE(a.pack_id, k.pack_id) AS "packId",
          COALESCE(a.pack_version, k.pack_version) AS "packVersion", COALESCE(a.measure_code, k.measure_code) AS "measureCode",
          COALESCE(a.subtype_code, k.subtype_code) AS "subtypeCode", a.computed_award_fen AS "computedAwardFen",
          COALESCE(a.double_benefit, false) AS "doubleBenefit"
        FROM ${TASK_FROM} WHERE ${where}
        ORDER BY t.due_at ${direction} NULLS LAST, t.created_at ASC, t.id ASC
        LIMIT ${f.limit} OFFSET ${f.offset}`,
      this.prisma.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM ${TASK_FROM} WHERE ${where}`,
    ]);
    return {
      rows: rows.map(({ reference, packId, packVersion, measureCode, subtypeCode, computedAwardFen, doubleBenefit, ...t }) => {
        // The CHECK review_tasks_case_or_lab holds one of them.
        if (t.caseId === null && t.labId === null) throw new Error(`task ${t.id} has neither a case nor a lab`);
        return { ...t, case: { reference, packId, packVersion, measureCode, subtypeCode, computedAwardFen, doubleBenefit } };
      }),
      total: Number(count?.total ?? 0n),
    };
  }

  async find(taskId: string): Promise<ScopedTaskRow | null> {
    const [row] = await this.prisma.$queryRaw<ScopedTaskRow[]>`
      SELECT ${TASK_COLUMNS}, ${TASK_CITY} AS "jurisdictionId" FROM ${TASK_FROM} WHERE t.id = ${taskId}`;
    return row ?? null;
  }

  /** The task, its case with the timeline and files (or its registered lab), as of one instant: one statement. */
  async detail(taskId: string): Promise<TaskDetailRow | null> {
    const [row] = await this.prisma.$queryRaw<(ScopedTaskRow & { case: CaseViewJson | null; organisationName: string | null; lab: TaskLab | null })[]>`
      SELECT ${TASK_COLUMNS}, ${TASK_CITY} AS "jurisdictionId",
        CASE WHEN a.id IS NULL THEN NULL ELSE ${CASE_VIEW_JSON} END AS "case",
        (SELECT o.name FROM organisations o WHERE o.id = a.organisation_id) AS "organisationName",
        CASE WHEN lab.id IS NULL THEN NULL ELSE json_build_object('id', lab.id, 'name', lab.name, 'organisationId', lab.organisation_id,
          'organisationName', COALESCE((SELECT o.name FROM organisations o WHERE o.id = lab.organisation_id), lab.organisation_id),
          'packId', lab.pack_id, 'packVersion', lab.pack_version, 'measureCode', lab.measure_code, 'subtypeCode', lab.subtype_code) END AS lab
      FROM ${TASK_FROM} LEFT JOIN key_labs lab ON lab.id = t.lab_id
      WHERE t.id = ${taskId}`;
    if (!row) return null;
    const { case: c, organisationName, ...t } = row;
    if (!c) return { ...t, case: null };
    return { ...t, case: { ...typedCase(fromCaseViewJson(c)), organisationName: organisationName ?? c.organisationId } };
  }
}
