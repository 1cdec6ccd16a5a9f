import { api, query, unwrap, type Query } from './client';
import type { Case, DecisionBody, DevToken, MeasureList, PackList, Page, PoolList, Task, TaskDetail } from './types';

// One function per operation the pages use, all through the generated client.

export const devToken = (userId: string) => unwrap<DevToken>(api.POST('/auth/dev-token', { body: { userId } }));

export const packs = () => unwrap<PackList>(api.GET('/catalog/packs'));
export const measures = (packId: string) => unwrap<MeasureList>(api.GET('/catalog/packs/{packId}/measures', { params: { path: { packId }, query: {} } }));
export const formSchema = (packId: string, measureCode: string, subtypeCode: string) =>
  unwrap<Record<string, unknown>>(
    api.GET('/catalog/packs/{packId}/measures/{measureCode}/subtypes/{subtypeCode}/form', {
      params: { path: { packId, measureCode, subtypeCode }, query: {} },
    }),
  );
export const pools = (packId: string, year?: string) =>
  unwrap<PoolList>(api.GET('/catalog/packs/{packId}/pools', { params: { path: { packId }, query: year ? { year } : {} } }));

export const submitApplication = (body: { packId: string; measureCode: string; subtypeCode: string; form: Record<string, unknown> }, idempotencyKey: string) =>
  unwrap<Case>(api.POST('/cases', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
export const listCases = (q: Query) => unwrap<Page<Case>>(api.GET('/cases', { params: { query: query(q) } }));
export const readCase = (id: string) => unwrap<Case>(api.GET('/cases/{id}', { params: { path: { id } } }));
export const answerInformation = (id: string, answers: string) =>
  unwrap<unknown>(api.POST('/cases/{id}/information', { params: { path: { id } }, body: { answers } }));
export const withdraw = (id: string, reason?: string) =>
  unwrap<unknown>(api.POST('/cases/{id}/withdraw', { params: { path: { id } }, body: reason ? { reason } : {} }));

export const inbox = (q: Query) => unwrap<Page<Task>>(api.GET('/tasks', { params: { query: query(q) } }));
export const task = (taskId: string) => unwrap<TaskDetail>(api.GET('/tasks/{taskId}', { params: { path: { taskId } } }));
export const claim = (taskId: string) => unwrap<unknown>(api.POST('/tasks/{taskId}/claim', { params: { path: { taskId } } }));
export const unclaim = (taskId: string) => unwrap<unknown>(api.POST('/tasks/{taskId}/unclaim', { params: { path: { taskId } } }));
export const reassign = (taskId: string, assigneeId: string) =>
  unwrap<unknown>(api.POST('/tasks/{taskId}/reassign', { params: { path: { taskId } }, body: { assigneeId } }));
export const decide = (taskId: string, body: DecisionBody) =>
  unwrap<{ caseStatus: string; approvedAwardFen: string | null }>(api.POST('/tasks/{taskId}/decision', { params: { path: { taskId } }, body }));

export interface WebConfig {
  temporalUiUrl: string | null;
  namespace: string;
  devTokens: boolean;
}
export async function webConfig(): Promise<WebConfig> {
  const res = await fetch('/web-config.json');
  return (await res.json()) as WebConfig;
}
