import type supertest from 'supertest';
import { eventually } from './harness';

export interface TaskItem {
  id: string;
  caseId: string;
  bureauCode: string;
  stage: string;
  status: string;
  assigneeId: string | null;
  priority: number;
  createdAt: string;
  dueAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  decision: string | null;
}

export interface CaseBody {
  id: string;
  status: string;
  computedAwardFen: string | null;
  approvedAwardFen: string | null;
  decisionReason: string | null;
  routing: { lead: string; coReviewers: string[]; district: string | null } | null;
  coFunding: { districtBureau: string; cityFen: string; districtFen: string; districtShareBp: number } | null;
  tasks: { id: string; bureauCode: string; stage: string; status: string; createdAt: string; dueAt: string | null; decision: string | null }[];
  informationRequest: { bureauCode: string; questions: string[]; requestedAt: string; answerDueAt: string } | null;
  timeline: { at: string; type: string; actorId: string | null; data: Record<string, unknown> }[];
}

/** What officers and applicants do over HTTP, in the words of the tests. */
export class ReviewClient {
  constructor(
    private readonly http: ReturnType<typeof supertest>,
    private readonly tokenFor: (userId: string) => string,
  ) {}

  auth(user: string): { Authorization: string } {
    return { Authorization: `Bearer ${this.tokenFor(user)}` };
  }

  async submit(applicant: string, body: Record<string, unknown>): Promise<string> {
    const res = await this.http.post('/cases').set(this.auth(applicant)).send(body);
    if (res.status !== 201) throw new Error(`submission refused: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { id: string }).id;
  }

  async readCase(user: string, id: string): Promise<CaseBody> {
    const res = await this.http.get(`/cases/${id}`).set(this.auth(user));
    if (res.status !== 200) throw new Error(`GET /cases/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseBody;
  }

  async waitForStatus(user: string, id: string, status: string, timeoutMs = 30_000): Promise<CaseBody> {
    return eventually(
      async () => {
        const c = await this.readCase(user, id);
        return c.status === status ? c : undefined;
      },
      timeoutMs,
      `case ${id} to be ${status}`,
    );
  }

  /** The officer's inbox entries for one case. */
  async inboxFor(officer: string, caseId: string, query = ''): Promise<TaskItem[]> {
    const res = await this.http.get(`/tasks?limit=100${query}`).set(this.auth(officer));
    if (res.status !== 200) throw new Error(`GET /tasks: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { items: TaskItem[] }).items.filter((t) => t.caseId === caseId);
  }

  /** Waits until the officer's bureau has a live (open or claimed) task of the case in `stage`. */
  async waitForTask(officer: string, caseId: string, stage: string, timeoutMs = 30_000): Promise<TaskItem> {
    return eventually(
      async () => (await this.inboxFor(officer, caseId)).find((t) => t.stage === stage && (t.status === 'open' || t.status === 'claimed')),
      timeoutMs,
      `a ${stage} task of ${caseId} for ${officer}`,
    );
  }

  claim(officer: string, taskId: string): supertest.Test {
    return this.http.post(`/tasks/${taskId}/claim`).set(this.auth(officer));
  }

  unclaim(officer: string, taskId: string): supertest.Test {
    return this.http.post(`/tasks/${taskId}/unclaim`).set(this.auth(officer));
  }

  decide(officer: string, taskId: string, body: Record<string, unknown>): supertest.Test {
    return this.http.post(`/tasks/${taskId}/decision`).set(this.auth(officer)).send(body);
  }

  /** Claim and decide, expecting both to succeed; returns the decision's response body. */
  async claimAndDecide(officer: string, taskId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const claimed = await this.claim(officer, taskId);
    if (claimed.status !== 200) throw new Error(`claim by ${officer}: ${claimed.status} ${JSON.stringify(claimed.body)}`);
    const decided = await this.decide(officer, taskId, body);
    if (decided.status !== 200) throw new Error(`decision by ${officer}: ${decided.status} ${JSON.stringify(decided.body)}`);
    return decided.body as Record<string, unknown>;
  }
}

/** The officer user of a bureau, as the seed names them. */
export const officerOf = (bureau: string, n: 1 | 2 = 1): string => `${n === 1 ? 'officer' : 'officer2'}-${bureau.replace(/:/g, '-')}`;
export const supervisorOf = (bureau: string): string => `supervisor-${bureau.replace(/:/g, '-')}`;
