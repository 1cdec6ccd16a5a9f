// The one way a case is filed, by an applicant's submission (CaseService.submit) or by a key lab's
// rewarded evaluation (fileLabReward): its reference, the applicant's snapshot, the row with its
// `case.submitted` event, and how its workflow is started. Both callers use these, so they cannot drift.
import { WorkflowIdConflictPolicy, type WorkflowStartOptions } from '@temporalio/client';
import { budgetYear, type PackRules, type PolicyPack } from '../domain';
import { snapshotOf, type ApplicantSnapshot } from '../domain/applicant';
import { CASE_EVENT_VERSION } from '../domain/case/events';
import { CaseRepository, type CaseViewRecord } from '../database/case.repository';
import { relatedWorkflowAttributes } from '../temporal/search-attributes';
import { CASE_WORKFLOW_TASK_TIMEOUT, caseWorkflowId, type CaseWorkflowInput } from '../../workflows/case.messages';
import type { caseWorkflow } from '../../workflows/case.workflow';

/** A case's reference: AP-<year received, in the pack's time zone>-<ten characters of its id>. */
export function caseReference(id: string, receivedAt: Date, timeZone: string): string {
  return `AP-${budgetYear(receivedAt, timeZone)}-${id.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

export interface Filing {
  id: string;
  pack: PolicyPack;
  rules: PackRules;
  measureCode: string;
  subtypeCode: string;
  /** The organisation as registered at receipt: the case is assessed on this snapshot. */
  organisation: Omit<ApplicantSnapshot, 'organisationId'> & { id: string };
  submittedById: string;
  idempotencyKey: string | null;
  requestHash: string;
  form: Record<string, unknown>;
  documents: { field: string; documentId: string }[];
  receivedAt: Date;
}

/** The case workflow's input for a filed case. */
export const caseWorkflowInput = (c: {
  id: string;
  packId: string;
  packVersion: number;
  receivedAt: Date;
  organisationId: string;
  reference: string;
}): CaseWorkflowInput => ({
  caseId: c.id,
  packId: c.packId,
  packVersion: c.packVersion,
  receivedAt: c.receivedAt.toISOString(),
  organisationId: c.organisationId,
  reference: c.reference,
});

/** How a case's workflow is started from outside a workflow: its business id, idempotently, found by CaseId and CaseReference from the start. */
export function caseStartOptions(input: CaseWorkflowInput, taskQueue: string): WorkflowStartOptions<typeof caseWorkflow> {
  return {
    workflowId: caseWorkflowId(input.caseId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowTaskTimeout: CASE_WORKFLOW_TASK_TIMEOUT,
    typedSearchAttributes: relatedWorkflowAttributes({
      caseId: input.caseId,
      reference: input.reference ?? null,
      organisationId: input.organisationId,
      packId: input.packId,
    }),
  };
}

/**
 * Files a case: writes its row and `case.submitted` event. `created` is false when the idempotency key
 * was taken meanwhile (nothing written). Starting the workflow with `input` is the caller's: the API
 * starts it (caseStartOptions); a key lab's workflow runs it as its child.
 */
export async function fileCase(cases: CaseRepository, f: Filing): Promise<{ created: boolean; view: CaseViewRecord | null; input: CaseWorkflowInput }> {
  const reference = caseReference(f.id, f.receivedAt, f.pack.timezone);
  const view = await cases.create(
    {
      id: f.id,
      reference,
      packId: f.pack.id,
      packVersion: f.rules.version,
      jurisdictionId: f.pack.jurisdiction.code,
      measureCode: f.measureCode,
      subtypeCode: f.subtypeCode,
      organisationId: f.organisation.id,
      submittedById: f.submittedById,
      idempotencyKey: f.idempotencyKey,
      requestHash: f.requestHash,
      form: f.form,
      applicant: snapshotOf(f.organisation),
      workflowId: caseWorkflowId(f.id),
      submittedAt: f.receivedAt,
      documents: f.documents,
      budgetYear: budgetYear(f.receivedAt, f.pack.timezone),
    },
    {
      eventKey: 'submitted',
      type: 'case.submitted',
      v: CASE_EVENT_VERSION,
      actorId: f.submittedById,
      at: f.receivedAt.toISOString(),
      data: { packVersion: f.rules.version },
    },
  );
  const input = caseWorkflowInput({
    id: f.id,
    packId: f.pack.id,
    packVersion: f.rules.version,
    receivedAt: f.receivedAt,
    organisationId: f.organisation.id,
    reference,
  });
  return { created: view !== null, view, input };
}
