import type { Assessment } from '../domain';
import type { ProjectAward, SameKindCase } from '../database/case.repository';
import type { InboxRow, TaskDetailRow } from '../database/task.repository';
import { staffTimeline } from '../cases/case.mapper';
import type { TaskDetailDto, TaskDto } from './task.dto';

export function toTaskDto(t: InboxRow): TaskDto {
  return {
    id: t.id,
    caseId: t.caseId,
    reference: t.case.reference,
    measureCode: t.case.measureCode,
    subtypeCode: t.case.subtypeCode,
    bureauCode: t.bureauCode,
    stage: t.stage,
    status: t.status,
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
    computedAwardFen: t.case.computedAwardFen?.toString() ?? null,
    doubleBenefit: t.case.doubleBenefit,
  };
}

export function toTaskDetailDto(t: TaskDetailRow, otherCases: SameKindCase[], earlierAwards: ProjectAward[]): TaskDetailDto {
  const app = t.case;
  const assessment = app.assessment as Assessment | null;
  return {
    task: toTaskDto(t),
    application: {
      id: app.id,
      reference: app.reference,
      status: app.status,
      packId: app.packId,
      packVersion: app.packVersion,
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      organisationId: app.organisationId,
      organisationName: app.organisationName,
      form: app.form,
      submittedAt: app.submittedAt.toISOString(),
      computedAwardFen: app.computedAwardFen?.toString() ?? null,
    },
    documents: app.documents.map((d) => ({
      field: d.field,
      id: d.id,
      name: d.name,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      createdAt: d.createdAt.toISOString(),
    })),
    award: assessment?.award ?? null,
    routing: assessment?.routing ?? null,
    opinions: app.tasks
      .filter((o) => o.id !== t.id && o.status === 'completed')
      .map((o) => ({
        taskId: o.id,
        bureauCode: o.bureauCode,
        stage: o.stage,
        decision: o.decision,
        amountFen: o.amountFen?.toString() ?? null,
        comment: o.comment,
        overrideReason: o.overrideReason,
        questions: (o.questions as string[] | null) ?? null,
        completedById: o.completedById,
        completedAt: o.completedAt?.toISOString() ?? null,
      })),
    timeline: staffTimeline(app.events),
    doubleBenefit: { flagged: app.doubleBenefit || otherCases.length > 0, otherCases },
    earlierAwards,
    coFunding:
      assessment?.coFunding == null
        ? null
        : { ...assessment.coFunding, shareOfThisBureauFen: t.bureauCode === assessment.coFunding.districtBureau ? assessment.coFunding.districtFen : null },
  };
}
