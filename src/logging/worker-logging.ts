import { Context } from '@temporalio/activity';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import type { JsonLogger, Level } from './json-logger';
import type { LogContext } from './request-context';

/** Workflows whose id names the case they serve (case:<id>, award:<id>, rentfree:<id>). */
const CASE_WORKFLOW = /^(?:case|award|rentfree):(.+)$/;

export const caseIdOf = (workflowId: string | undefined): string | undefined => (workflowId ? CASE_WORKFLOW.exec(workflowId)?.[1] : undefined);

/** Inside an activity: its workflow and case, so a Nest logger line from an activity names them. */
export function activityContext(): LogContext {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  return { workflowId, caseId: caseIdOf(workflowId) };
}

const LEVEL: Record<LogLevel, Level> = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
// The SDK's metadata worth a field; the rest (task tokens among it) is left out.
const KEPT = ['workflowId', 'runId', 'workflowType', 'activityType', 'activityId', 'attempt', 'taskQueue', 'sdkComponent', 'caseId', 'status', 'error'];

/**
 * The Temporal SDK's logger (Runtime.install) writing through the process's JSON logger, so the SDK's
 * own lines and the workflows' `log` calls carry their workflow id and, for a case's workflows, the case.
 * The SDK narrates bundling and state changes at INFO, so below `warn` only LOG_LEVEL=debug shows them.
 */
export function temporalLogger(json: JsonLogger): Logger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    const mapped = LEVEL[level];
    const sdkChatter = meta?.sdkComponent === 'worker' || meta?.sdkComponent === 'core';
    if (sdkChatter && mapped === 'info' && !json.enabled('debug')) return;
    const fields: Record<string, unknown> = {};
    for (const k of KEPT) {
      const v = meta?.[k];
      if (v === undefined) continue;
      fields[k] = v instanceof Error ? v.message : typeof v === 'object' ? JSON.stringify(v) : v;
    }
    const workflowId = typeof meta?.workflowId === 'string' ? meta.workflowId : undefined;
    fields.caseId ??= caseIdOf(workflowId);
    json.write(mapped, message, 'Temporal', fields);
  };
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}
