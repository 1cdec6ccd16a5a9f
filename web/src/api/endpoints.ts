import type { OidcSettings } from '../oidc';
import { api, query, unwrap, type Query } from './client';
import type { DecisionBody } from './types';

// One function per operation the pages use, all through the generated client: each body is typed by
// the OpenAPI document, so a changed DTO is a type error in the page that reads it.

export const devToken = (userId: string) => unwrap(api.POST('/auth/dev-token', { body: { userId } }));
/** Who the current token signs in (a provider's token names only the subject). */
export const me = () => unwrap(api.GET('/auth/me'));

export const packs = () => unwrap(api.GET('/catalog/packs'));
export const words = () => unwrap(api.GET('/catalog/words'));
export const measures = (packId: string) => unwrap(api.GET('/catalog/packs/{packId}/measures', { params: { path: { packId }, query: {} } }));
export const formSchema = (packId: string, measureCode: string, subtypeCode: string) =>
  unwrap(
    api.GET('/catalog/packs/{packId}/measures/{measureCode}/subtypes/{subtypeCode}/form', {
      params: { path: { packId, measureCode, subtypeCode }, query: {} },
    }),
  );
export const pools = (packId: string, year?: string) =>
  unwrap(api.GET('/catalog/packs/{packId}/pools', { params: { path: { packId }, query: year ? { year } : {} } }));

export const submitApplication = (body: { packId: string; measureCode: string; subtypeCode: string; form: Record<string, unknown> }, idempotencyKey: string) =>
  unwrap(api.POST('/cases', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
export const listCases = (q: Query) => unwrap(api.GET('/cases', { params: { query: query(q) } }));
export const readCase = (id: string) => unwrap(api.GET('/cases/{id}', { params: { path: { id } } }));
export const answerInformation = (id: string, answers: string, documentIds: string[] = []) =>
  unwrap(api.POST('/cases/{id}/information', { params: { path: { id } }, body: documentIds.length > 0 ? { answers, documentIds } : { answers } }));
export const withdraw = (id: string, reason?: string) => unwrap(api.POST('/cases/{id}/withdraw', { params: { path: { id } }, body: reason ? { reason } : {} }));

/** The file itself is the body; the API judges its type by content, so the claimed type is only a hint. */
export const uploadDocument = (file: File) =>
  unwrap(
    api.POST('/documents', {
      params: { query: { name: file.name } },
      body: file as unknown as string,
      bodySerializer: (b: unknown) => b as BodyInit,
      headers: { 'content-type': file.type || 'application/octet-stream' },
    }),
  );
/** A document's bytes (the bearer token goes in a header, so a plain link cannot fetch it). */
export const documentContent = (id: string) => unwrap(api.GET('/documents/{id}', { params: { path: { id } }, parseAs: 'blob' }));

export const inbox = (q: Query) => unwrap(api.GET('/tasks', { params: { query: query(q) } }));
export const task = (taskId: string) => unwrap(api.GET('/tasks/{taskId}', { params: { path: { taskId } } }));
export const claim = (taskId: string) => unwrap(api.POST('/tasks/{taskId}/claim', { params: { path: { taskId } } }));
export const unclaim = (taskId: string) => unwrap(api.POST('/tasks/{taskId}/unclaim', { params: { path: { taskId } } }));
export const reassign = (taskId: string, assigneeId: string) =>
  unwrap(api.POST('/tasks/{taskId}/reassign', { params: { path: { taskId } }, body: { assigneeId } }));
export const decide = (taskId: string, body: DecisionBody) => unwrap(api.POST('/tasks/{taskId}/decision', { params: { path: { taskId } }, body }));

export interface WebConfig {
  temporalUiUrl: string | null;
  namespace: string;
  devTokens: boolean;
  /** The OpenID provider the pages sign in at, or null. */
  oidc: OidcSettings | null;
}
export async function webConfig(): Promise<WebConfig> {
  const res = await fetch('/web-config.json');
  return (await res.json()) as WebConfig;
}

export const paymentOrders = (status?: 'issued' | 'paid' | 'cancelled') => unwrap(api.GET('/payment-orders', { params: { query: status ? { status } : {} } }));
export const settleOrder = (orderId: string, body: { status: 'paid' | 'cancelled'; reason?: string }) =>
  unwrap(api.POST('/payment-orders/{orderId}/status', { params: { path: { orderId } }, body }));
/** recoveryId is chosen once per attempt by the page, so a retried click records the recovery once. */
export const recordRecovery = (caseId: string, body: { recoveryId: string; amountFen: string; reason: string }) =>
  unwrap(api.POST('/cases/{id}/recoveries', { params: { path: { id: caseId } }, body }));

export const notices = (q: Query) => unwrap(api.GET('/notices', { params: { query: query(q) } }));
export const markNoticeRead = (id: string) => unwrap(api.POST('/notices/{id}/read', { params: { path: { id } } }));

export const lab = (labId: string) => unwrap(api.GET('/labs/{labId}', { params: { path: { labId } } }));
export const registerLab = (body: {
  organisationId: string;
  labName: string;
  packId: string;
  designatedOn: string;
  evaluations: { evaluatedOn: string; grade: string }[];
}) => unwrap(api.POST('/admin/labs', { body }));
export const organisations = (q: Query) => unwrap(api.GET('/admin/organisations', { params: { query: query(q) } }));
export const gradeLab = (labId: string, cycle: number, body: { grade: string; comment?: string | null }) =>
  unwrap(api.POST('/labs/{labId}/evaluations/{cycle}/grade', { params: { path: { labId, cycle: String(cycle) } }, body }));

export const auditTrail = (q: Query) => unwrap(api.GET('/admin/audit', { params: { query: query(q) } }));
export const incidents = (q: Query) => unwrap(api.GET('/admin/incidents', { params: { query: query(q) } }));
export const startReplay = (body: { query?: string; workflowIds?: string[] }) => unwrap(api.POST('/admin/replays', { body }));
export const replayJob = (jobId: string) => unwrap(api.GET('/admin/replays/{jobId}', { params: { path: { jobId } } }));
/** The history as Temporal JSON, as a file (the bearer token goes in a header, so a plain link cannot fetch it). */
export const workflowHistory = (workflowId: string) =>
  unwrap(api.GET('/admin/workflows/{workflowId}/history', { params: { path: { workflowId }, query: {} }, parseAs: 'blob' }));
