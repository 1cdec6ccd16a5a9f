// Starting a child workflow that must outlive its parent: a payment run, a lab's decades, a rent-free
// clock, a notice's delivery. Business ids make each start once; ParentClosePolicy.ABANDON lets the
// child run on after the case (or lab, or award) closes or continues as new.
import { log, ParentClosePolicy, startChild, type Workflow } from '@temporalio/workflow';
import { noticeWorkflowId, type noticeWorkflow } from './notice.workflow';
import { relatedAttributes, type RelatedIdentity } from './search-attributes';

/** A notice the projection wrote: its delivery is a `notice:<id>` child of the workflow that wrote it. */
export interface NoticeRef {
  id: string;
  notBefore: string | null;
  organisationId?: string;
  caseId?: string | null;
}

const alreadyStarted = (err: unknown): boolean => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

/**
 * Starts a workflow (by its type's name, so workflows that start each other need not import each
 * other) as an abandoned child; one already started under the id is left as it is.
 */
export async function startAbandoned<W extends Workflow>(
  workflowType: string,
  workflowId: string,
  args: Parameters<W>,
  related: RelatedIdentity,
): Promise<void> {
  try {
    await startChild<Workflow>(workflowType, {
      workflowId,
      args,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: relatedAttributes(related),
    });
  } catch (err) {
    if (!alreadyStarted(err)) throw err;
    log.info('child already started', { workflowId });
  }
}

/** Starts the delivery of each notice, in order. */
export async function startNotices(refs: NoticeRef[], related: RelatedIdentity): Promise<void> {
  for (const { id, notBefore, organisationId, caseId } of refs) {
    const who = { ...related, ...(organisationId ? { organisationId } : {}), ...(caseId ? { caseId } : {}) };
    await startAbandoned<typeof noticeWorkflow>('noticeWorkflow', noticeWorkflowId(id), [notBefore ? { noticeId: id, notBefore } : { noticeId: id }], who);
  }
}

/**
 * Runs child starts off the caller's path: an update's reply does not wait for them, and the workflow
 * awaits `settled()` before it completes or continues as new. One after another by default; with
 * `together`, each starts at once, so the starts of one transition share the workflow task that
 * learns they began (what a workflow that records them so must keep doing on replay).
 */
export class ChildStarts {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(private readonly together = false) {}

  add(start: () => Promise<void>): void {
    const fail = (err: unknown): void => {
      this.failure ??= err;
    };
    if (this.together) {
      const started = start().catch(fail);
      this.chain = this.chain.then(() => started);
    } else this.chain = this.chain.then(start).catch(fail);
  }

  /** Resolves once every start so far is done; a start that failed fails the workflow task here. */
  async settled(): Promise<void> {
    await this.chain;
    if (this.failure !== null) throw this.failure;
  }
}
