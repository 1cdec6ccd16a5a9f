import { z } from 'zod';
import { zodDto } from '../common/zod';

/** No NUL or other C0 control character (nor DEL): they end strings in C code and hide in logs. */
const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const noControl = (s: string): boolean => ![...s].some(isControl);

/** Temporal's default limit on a workflow id is 1,000 bytes; control characters (NUL first) never belong in one. */
export const WorkflowIdSchema = z
  .string()
  .min(1, 'a workflow id is required')
  .max(1000, 'a workflow id has at most 1000 characters')
  .refine(noControl, 'a workflow id may not contain NUL or other control characters');

export const HistoryParamsSchema = z.object({ workflowId: WorkflowIdSchema }).strict();
export class HistoryParamsDto extends zodDto(HistoryParamsSchema) {}

export const HistoryQuerySchema = z.object({ runId: z.uuid('runId must be a run id (a UUID)').optional() }).strict();
export class HistoryQueryDto extends zodDto(HistoryQuerySchema) {}
