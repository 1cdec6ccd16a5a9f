import type { paths } from './schema';

// Every body the pages read or send, taken from the generated document (npm run api:generate), so a
// change to an API DTO shows up here as a type error rather than a page reading the wrong shape.

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;
type Posted<P extends keyof paths, S extends number> = paths[P] extends { post: { responses: { [K in S]: infer R } } } ? Json<R> : never;
type PostBody<P extends keyof paths> = paths[P] extends { post: { requestBody: { content: { 'application/json': infer B } } } } ? B : never;

export type PackList = Ok<'/catalog/packs'>;
export type Pack = PackList['items'][number];
export type MeasureList = Ok<'/catalog/packs/{packId}/measures'>;
export type Measure = MeasureList['items'][number];
export type Subtype = Measure['subtypes'][number];
export type PoolList = Ok<'/catalog/packs/{packId}/pools'>;
export type Words = Ok<'/catalog/words'>;

export type UploadedDocument = Posted<'/documents', 201>;
export type CaseDocument = Ok<'/tasks/{taskId}'>['documents'][number];

export type Case = Ok<'/cases/{id}'>;
export type AwardExplanation = NonNullable<Case['award']>;
export type Localized = AwardExplanation['lines'][number];
export type TimelineEntry = Case['timeline'][number];
export type CaseTask = Case['tasks'][number];
export type InformationRound = Case['informationRounds'][number];

export type Task = Ok<'/tasks'>['items'][number];
export type TaskDetail = Ok<'/tasks/{taskId}'>;
export type Opinion = TaskDetail['opinions'][number];

export type DevToken = Posted<'/auth/dev-token', 200>;
export type Role = DevToken['user']['role'];
export type DecisionBody = PostBody<'/tasks/{taskId}/decision'>;

export type PaymentOrder = Ok<'/payment-orders'>['items'][number];
export type OrderStatus = PaymentOrder['status'];
export type Notice = Ok<'/notices'>['items'][number];
export type Lab = Ok<'/labs/{labId}'>;
export type LabEvaluation = Lab['evaluations'][number];
export type AuditEntry = Ok<'/admin/audit'>['items'][number];
export type IncidentList = Ok<'/admin/incidents'>;
export type ReplayJob = Ok<'/admin/replays/{jobId}'>;
export type ReplayResult = ReplayJob['results'][number];
