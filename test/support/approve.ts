import type supertest from 'supertest';

/** What the applicant (and the officer) see of a case: GET /cases/:id. */
export interface CaseBody {
  id: string;
  status: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  submittedAt: string;
  computedAwardFen: string | null;
  approvedAwardFen: string | null;
  decisionReason: string | null;
  labId: string | null;
  progress: {
    summary: { zh: string; en: string };
    pending: { on: 'bureau' | 'applicant' | 'treasury'; bureauCode: string | null; name: { zh: string; en: string }; until: string | null }[];
  };
  award: {
    kind: string;
    amountFen: string;
    baseFen: string | null;
    rateBp: number | null;
    rawFen: string | null;
    capFen: string | null;
    capped: boolean;
    officerSet: boolean;
    suggestedFen: string | null;
    lines: { zh: string; en: string }[];
    cuts: { fromFen: string; toFen: string; reason: { code: string; zh: string; en: string } }[];
  } | null;
  ineligibility: { code: string; zh: string; en: string }[];
  routing: { lead: string; coReviewers: string[]; district: string | null } | null;
  coFunding: { districtBureau: string; cityFen: string; districtFen: string; districtShareBp: number } | null;
  tasks: { id: string; bureauCode: string; stage: string; status: string; decision: string | null }[];
  timeline: { type: string }[];
}

export interface HttpActor {
  http: ReturnType<typeof supertest>;
  tokenFor(userId: string): string;
}

/** Cases in these states take no more decisions. */
export const FINAL_STATUSES = new Set(['approved', 'rejected', 'refused', 'withdrawn', 'lapsed']);
const OPEN_TASK_STATUSES = new Set(['open', 'claimed']);

/** Seeded officers are `officer-<bureau code with ':' replaced by '-'>`. */
export const officerOf = (bureauCode: string): string => `officer-${bureauCode.replace(/:/g, '-')}`;

const auth = (h: HttpActor, user: string): { Authorization: string } => ({ Authorization: `Bearer ${h.tokenFor(user)}` });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function readCase(h: HttpActor, user: string, id: string): Promise<CaseBody> {
  const res = await h.http.get(`/cases/${id}`).set(auth(h, user));
  if (res.status !== 200) throw new Error(`GET /cases/${id} as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CaseBody;
}

/** Polls the case as `user` until `done` holds, or fails after `timeoutMs`. */
export async function waitForCase(h: HttpActor, user: string, id: string, done: (c: CaseBody) => boolean, what: string, timeoutMs = 30_000): Promise<CaseBody> {
  const until = Date.now() + timeoutMs;
  let last: CaseBody | null = null;
  for (;;) {
    last = await readCase(h, user, id);
    if (done(last)) return last;
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what} on case ${id}; last seen: status ${last.status}, tasks ${JSON.stringify(last.tasks)}`);
    await sleep(100);
  }
}

/** The case once its assessment is stored: refused at once, or in review with a task open. */
export const waitForAssessment = (h: HttpActor, user: string, id: string): Promise<CaseBody> =>
  waitForCase(
    h,
    user,
    id,
    (c) => c.award !== null && (FINAL_STATUSES.has(c.status) || c.tasks.some((t) => OPEN_TASK_STATUSES.has(t.status))),
    'the assessment',
  );

export interface Decided {
  taskId: string;
  bureauCode: string;
  stage: string;
}

/**
 * Approves every open task of a case, as an officer of the task's bureau, until the case is final.
 * Written for any review shape (one bureau, or lead intake → parallel co-reviews → lead decision):
 * it only follows the tasks the case shows. A claim endpoint is used when there is one.
 */
export async function approveUntilFinal(h: HttpActor, viewer: string, id: string, timeoutMs = 60_000): Promise<{ case: CaseBody; decided: Decided[] }> {
  const decided: Decided[] = [];
  const done = new Set<string>();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = await readCase(h, viewer, id);
    if (FINAL_STATUSES.has(c.status)) return { case: c, decided };
    for (const t of c.tasks.filter((x) => OPEN_TASK_STATUSES.has(x.status) && !done.has(x.id))) {
      const officer = auth(h, officerOf(t.bureauCode));
      const claim = await h.http.post(`/tasks/${t.id}/claim`).set(officer).send({});
      if (claim.status !== 404 && (claim.status < 200 || claim.status >= 300)) {
        throw new Error(`claiming task ${t.id} (${t.bureauCode}, ${t.stage}) failed: ${claim.status} ${JSON.stringify(claim.body)}`);
      }
      const res = await h.http.post(`/tasks/${t.id}/decision`).set(officer).send({ decision: 'approve' });
      if (res.status !== 200) {
        throw new Error(`approving task ${t.id} (${t.bureauCode}, ${t.stage}) failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      done.add(t.id);
      decided.push({ taskId: t.id, bureauCode: t.bureauCode, stage: t.stage });
    }
    if (Date.now() > until) throw new Error(`case ${id} is still ${c.status} after ${timeoutMs} ms; tasks ${JSON.stringify(c.tasks)}`);
    await sleep(100);
  }
}

/** "1,234,567.89": how the award explanation writes an amount of fen (zh adds " 元", en prefixes "CNY "). */
export function yuan(fen: string): string {
  const f = BigInt(fen);
  const whole = (f / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${(f % 100n).toString().padStart(2, '0')}`;
}
