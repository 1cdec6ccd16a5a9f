import type { paths } from './schema';

// Bodies of the catalog come from the generated document; the other operations do not declare
// their responses yet, so their shapes are written here after the API's DTOs (src/**/**.service.ts).
// Once the document describes them, these become aliases of the generated types.

type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? B : never;

export type PackList = Ok<'/catalog/packs'>;
export type Pack = PackList['items'][number];
export type MeasureList = Ok<'/catalog/packs/{packId}/measures'>;
export type Measure = MeasureList['items'][number];
export type Subtype = Measure['subtypes'][number];
export type PoolList = Ok<'/catalog/packs/{packId}/pools'>;

export interface Localized {
  zh: string;
  en: string;
}

export interface AwardExplanation {
  kind: string;
  amountFen: string;
  capFen: string | null;
  baseFen: string | null;
  rateBp: number | null;
  capped: boolean;
  officerSet: boolean;
  lines: Localized[];
  cuts: { fromFen: string; toFen: string; reason: Localized & { code: string } }[];
}

export interface TimelineEntry {
  at: string;
  type: string;
  actorId: string | null;
  data: unknown;
}

export interface CaseTask {
  id: string;
  bureauCode: string;
  stage: string;
  status: string;
  createdAt: string;
  dueAt: string | null;
  completedAt: string | null;
  decision: string | null;
}

export interface Case {
  id: string;
  reference: string;
  status: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  organisationId: string;
  form: Record<string, unknown>;
  submittedAt: string;
  decidedAt: string | null;
  computedAwardFen: string | null;
  approvedAwardFen: string | null;
  decisionReason: string | null;
  award: AwardExplanation | null;
  ineligibility: (Localized & { code: string })[];
  tasks: CaseTask[];
  informationRequest: { bureauCode: string; questions: string[]; requestedAt: string; answerDueAt: string } | null;
  timeline: TimelineEntry[];
  doubleBenefit: boolean;
  payments: CasePayments;
}

export interface CasePayments {
  orders: { orderId: string; funder: string; amountFen: string; status: 'issued' | 'paid' | 'cancelled'; issuedAt: string; settledAt: string | null }[];
  recoveredFen: string;
  recoveries: { funder: string; amountFen: string; reason: string; at: string }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Task {
  id: string;
  caseId: string;
  reference: string;
  measureCode: string;
  subtypeCode: string;
  bureauCode: string;
  stage: string;
  status: string;
  assigneeId: string | null;
  claimedAt: string | null;
  priority: number;
  createdAt: string;
  dueAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  completedAt: string | null;
  completedById: string | null;
  decision: string | null;
  computedAwardFen: string | null;
}

export interface Opinion {
  taskId: string;
  bureauCode: string;
  stage: string;
  decision: string | null;
  amountFen: string | null;
  comment: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  completedById: string | null;
  completedAt: string | null;
}

export interface TaskDetail {
  task: Task;
  application: Pick<
    Case,
    'id' | 'reference' | 'status' | 'packId' | 'packVersion' | 'measureCode' | 'subtypeCode' | 'organisationId' | 'form' | 'submittedAt' | 'computedAwardFen'
  > & {
    organisationName: string;
  };
  award: AwardExplanation | null;
  opinions: Opinion[];
  timeline: TimelineEntry[];
  doubleBenefit: { flagged: boolean; otherCases: { caseId: string; reference: string; status: string; amountFen: string }[] };
  earlierAwards: { caseId: string; reference: string; measureCode: string; subtypeCode: string; amountFen: string; decidedAt: string | null }[];
}

export interface DevToken {
  token: string;
  expiresIn: number;
  user: { id: string; role: Role };
}

export type Role = 'applicant' | 'officer' | 'supervisor' | 'admin';

export interface DecisionBody {
  decision: 'approve' | 'reject' | 'return';
  amountFen?: string;
  comment?: string;
  overrideReason?: string;
  reason?: string;
  questions?: string[];
}
