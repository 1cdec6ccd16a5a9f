import { z } from 'zod';
import { zodDto } from '../common/zod';
import { queryInt } from '../common/text';
import { WorkflowIdSchema } from './admin.dto';

export const IncidentsQuerySchema = z
  .object({
    workflowId: WorkflowIdSchema.optional(),
    limit: queryInt('limit', 1, 100).default(20),
    offset: queryInt('offset', 0, 1_000_000).default(0),
  })
  .strict();
export class IncidentsQueryDto extends zodDto(IncidentsQuerySchema) {}
export type IncidentsQuery = z.infer<typeof IncidentsQuerySchema>;

export const IncidentSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  runId: z.string(),
  workflowType: z.string(),
  activityType: z.string(),
  attempt: z.number().int(),
  kind: z
    .enum(['PermanentDatabaseError', 'BadInput', 'RetriesExhausted'])
    .describe('PermanentDatabaseError and BadInput fail at once (no retry fixes them); RetriesExhausted after the activity’s bounded retries'),
  message: z.string().describe('the error, as the activity saw it'),
  createdAt: z.string().describe('ISO 8601 instant'),
});

export const IncidentListSchema = z.object({
  items: z.array(IncidentSchema).describe('recorded by the activities, newest first'),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  failedWorkflows: z
    .array(z.object({ workflowId: z.string(), runId: z.string(), workflowType: z.string(), closedAt: z.string().nullable() }))
    .describe('failed workflows of the service according to Temporal (at most 100), with or without a recorded incident'),
  temporalError: z.string().nullable().describe('why Temporal could not be asked, when it could not'),
});
export type IncidentList = z.infer<typeof IncidentListSchema>;
