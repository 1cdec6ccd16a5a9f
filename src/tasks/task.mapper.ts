// A task as officers read it, from its case's state and its pack's names. The inbox lists the
// review_tasks projection; the detail is the case's state (the task, the other opinions, the
// assessment) beside the files and the timeline to list.
import type { Actor } from '../domain/access';
import type { CaseState } from '../domain/case/machine';
import type { StoredTask, TaskRecord } from '../domain/case/records';
import { CASE_STATUS_WORDS, TASK_STATUS_WORDS, type LocalizedText } from '../domain/words';
import type { ProjectAward, SameKindCase } from '../database/case.repository';
import type { InboxRow, TaskDetailRow, TaskLab, TaskRow } from '../database/task.repository';
import { coFundingShown, informationRounds, routingShown, staffTimeline } from '../cases/case.mapper';
import type { CaseNames } from '../domain/words/case-names';
import { officerActions } from '../cases/case-view';
import type { TaskDetailDto, TaskDto } from './task.dto';

/** The case-level fields of an inbox row, named. */
type InboxCase = InboxRow['case'];

export function toTaskDto(t: TaskRow, c: InboxCase, names: CaseNames): TaskDto {
  return {
    id: t.id,
    caseId: t.caseId,
    labId: t.labId,
    reference: c.reference,
    measureCode: c.measureCode,
    measureCodeLabel: names.measure,
    subtypeCode: c.subtypeCode,
    subtypeCodeLabel: names.subtype,
    bureauCode: t.bureauCode,
    bureauCodeLabel: names.bureau(t.bureauCode),
    stage: t.stage,
    stageLabel: names.stage(t.stage),
    status: t.status,
    statusLabel: TASK_STATUS_WORDS[t.status],
    assigneeId: t.assigneeId,
    claimedAt: t.claimedAt?.toISOString() ?? null,
    priority: t.priority,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt?.toISOString() ?? null,
    remindedAt: t.remindedAt?.toISOString() ?? null,
    escalatedAt: t.escalatedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    completedById: t.completedById,
    decision: t.decision,
    decisionLabel: t.decision === null ? null : names.decision(t.decision),
    computedAwardFen: c.computedAwardFen?.toString() ?? null,
    doubleBenefit: c.doubleBenefit,
  };
}

const at = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/** A task of the state in the row's shape: a task being decided is still claimed to everyone else. */
function asRow(t: TaskRecord, caseId: string): TaskRow {
  const stored: StoredTask = { ...t, status: t.status === 'deciding' ? 'claimed' : t.status };
  return {
    id: stored.taskId,
    caseId,
    labId: null,
    bureauCode: stored.bureauCode,
    stage: stored.stage,
    status: stored.status,
    assigneeId: stored.assigneeId,
    claimedAt: at(stored.claimedAt),
    priority: stored.priority,
    createdAt: new Date(stored.createdAt),
    dueAt: new Date(stored.dueAt),
    remindedAt: at(stored.remindedAt),
    escalatedAt: at(stored.escalatedAt),
    decision: stored.decision,
    comment: stored.comment,
    amountFen: stored.amountFen === null ? null : BigInt(stored.amountFen),
    overrideReason: stored.overrideReason,
    questions: stored.questions,
    completedById: stored.completedById,
    completedAt: at(stored.completedAt),
  };
}

export interface OtherCases {
  sameKind: SameKindCase[];
  earlier: (ProjectAward & { measureCodeLabel: LocalizedText; subtypeCodeLabel: LocalizedText })[];
}

/**
 * The task detail. The task is the state's (a key lab's evaluation task, which no case review holds,
 * is its row); `actor` is the caller, whose actions are asked of the machine's check.
 */
export function toTaskDetailDto(
  t: TaskDetailRow & { case: NonNullable<TaskDetailRow['case']> },
  names: CaseNames,
  others: OtherCases,
  actor: Actor,
  files?: ReadonlyMap<string, string>,
): TaskDetailDto {
  const app = t.case;
  const s: CaseState = app.state;
  const a = s.assessment;
  const own = s.tasks.find((x) => x.taskId === t.id);
  const task = own ? asRow(own, app.id) : t;
  return {
    task: toTaskDto(task, app, names),
    application: {
      id: app.id,
      reference: app.reference,
      status: s.status,
      statusLabel: CASE_STATUS_WORDS[s.status],
      packId: app.packId,
      packVersion: app.packVersion,
      measureCode: app.measureCode,
      measureCodeLabel: names.measure,
      subtypeCode: app.subtypeCode,
      subtypeCodeLabel: names.subtype,
      organisationId: app.organisationId,
      organisationName: app.organisationName,
      form: app.form,
      submittedAt: app.submittedAt.toISOString(),
      computedAwardFen: a?.award.amountFen ?? null,
    },
    lab: labShown(t.lab),
    documents: app.documents.map((d) => ({
      field: d.field,
      id: d.id,
      name: d.name,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      createdAt: d.createdAt.toISOString(),
    })),
    award: a?.award ?? null,
    routing: a ? routingShown(a.routing, names) : null,
    allowedActions: own ? officerActions(s, t.id, actor).map((x) => ({ action: x.action, allowed: x.allowed, reason: x.reason, label: x.words })) : [],
    informationRounds: informationRounds(s, names, files),
    opinions: s.tasks
      .filter((o) => o.taskId !== t.id && o.status === 'completed')
      .sort((x, y) => (x.completedAt ?? '').localeCompare(y.completedAt ?? ''))
      .map((o) => ({
        taskId: o.taskId,
        bureauCode: o.bureauCode,
        bureauCodeLabel: names.bureau(o.bureauCode),
        stage: o.stage,
        stageLabel: names.stage(o.stage),
        decision: o.decision,
        decisionLabel: o.decision === null ? null : names.decision(o.decision),
        amountFen: o.amountFen,
        comment: o.comment,
        overrideReason: o.overrideReason,
        questions: o.questions,
        completedById: o.completedById,
        completedAt: o.completedAt,
      })),
    timeline: staffTimeline(app.events, names),
    doubleBenefit: {
      flagged: app.doubleBenefit || others.sameKind.length > 0,
      otherCases: others.sameKind.map((o) => ({ ...o, statusLabel: CASE_STATUS_WORDS[o.status] })),
    },
    earlierAwards: others.earlier.map(({ packId: _p, packVersion: _v, ...e }) => e),
    coFunding: (() => {
      const split = a ? coFundingShown(a, null, names) : null;
      return split === null ? null : { ...split, shareOfThisBureauFen: t.bureauCode === split.districtBureau ? split.districtFen : null };
    })(),
  };
}

const labShown = (lab: TaskLab | null): TaskDetailDto['lab'] =>
  lab && { id: lab.id, name: lab.name, organisationId: lab.organisationId, organisationName: lab.organisationName };

/**
 * The detail of a registered key lab's evaluation, which no case holds: the task and its lab. It is graded
 * on the lab (its workflow's update), so no case action, file or opinion goes with it.
 */
export function toLabTaskDetailDto(t: TaskDetailRow & { lab: TaskLab }, names: CaseNames): TaskDetailDto {
  const { name, packId, packVersion, measureCode, subtypeCode } = t.lab;
  return {
    task: toTaskDto(t, { reference: name, packId, packVersion, measureCode, subtypeCode, computedAwardFen: null, doubleBenefit: false }, names),
    application: null,
    lab: labShown(t.lab),
    documents: [],
    award: null,
    routing: null,
    allowedActions: [],
    informationRounds: [],
    opinions: [],
    timeline: [],
    doubleBenefit: { flagged: false, otherCases: [] },
    earlierAwards: [],
    coFunding: null,
  };
}
