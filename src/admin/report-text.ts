import type { ReplayReport, WorkflowReplayResult } from './replay.engine';
import { REPLAY_SENTENCES } from '../domain/words/admin';

/** The SDK wraps core's message in a debug dump; the part a person needs is core's own sentence. */
export function coreMessage(error: string): string {
  const m = /message: "((?:[^"\\]|\\.)*)"/.exec(error);
  return m ? m[1]!.replace(/\\"/g, '"') : error;
}

const LABEL: Record<WorkflowReplayResult['outcome'], string> = { ok: 'ok', diverged: 'DIVERGED', failed: 'FAILED' };

export function resultLine(r: WorkflowReplayResult): string {
  const head = `${LABEL[r.outcome].padEnd(8)}  ${r.workflowId}${r.runId ? ` (run ${r.runId})` : ''}${r.workflowType ? ` ${r.workflowType}` : ''}`;
  if (r.outcome === 'ok') return head;
  const at = r.divergedAt ? `\n          at event ${r.divergedAt.eventId} ${r.divergedAt.eventType}` : '';
  return `${head}${at}\n          ${r.summary.zh} / ${r.summary.en}\n          ${coreMessage(r.error ?? '')}`;
}

export function summaryLine(report: ReplayReport): string {
  const w = REPLAY_SENTENCES.report(report.total, report.ok, report.diverged, report.failed);
  return `${w.zh} / ${w.en}`;
}
