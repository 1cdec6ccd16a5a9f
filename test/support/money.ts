// Helpers for the money tests: bring cases to their final decision, then decide many at once.
import { officerOf, readCase, type HttpActor } from './approve';

const DECIDING_STAGES = new Set(['review', 'final']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const auth = (h: HttpActor, user: string): { Authorization: string } => ({ Authorization: `Bearer ${h.tokenFor(user)}` });

/** Approves every task before the deciding one and returns that one, claimed by its bureau's officer. */
export async function claimFinalTask(h: HttpActor, viewer: string, id: string, timeoutMs = 60_000): Promise<{ taskId: string; officer: string }> {
  const done = new Set<string>();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = await readCase(h, viewer, id);
    for (const t of c.tasks.filter((x) => (x.status === 'open' || x.status === 'claimed') && !done.has(x.id))) {
      const officer = officerOf(t.bureauCode);
      const claim = await h.http.post(`/tasks/${t.id}/claim`).set(auth(h, officer)).send({});
      if (claim.status !== 200) throw new Error(`claiming ${t.id}: ${claim.status} ${JSON.stringify(claim.body)}`);
      if (DECIDING_STAGES.has(t.stage)) return { taskId: t.id, officer };
      const res = await h.http.post(`/tasks/${t.id}/decision`).set(auth(h, officer)).send({ decision: 'approve' });
      if (res.status !== 200) throw new Error(`approving ${t.id}: ${res.status} ${JSON.stringify(res.body)}`);
      done.add(t.id);
    }
    if (Date.now() > until) throw new Error(`case ${id} never reached its final decision; tasks ${JSON.stringify(c.tasks)}`);
    await sleep(100);
  }
}

export interface DecisionResponse {
  status: number;
  body: { caseStatus?: string; approvedAwardFen?: string | null; message?: string; zh?: string; field?: string } & Record<string, unknown>;
}

/** Approves the given final tasks all at once. */
export function approveAll(
  h: HttpActor,
  finals: { taskId: string; officer: string }[],
  body: Record<string, unknown> = { decision: 'approve' },
): Promise<DecisionResponse[]> {
  return Promise.all(
    finals.map(async (f) => {
      const res = await h.http.post(`/tasks/${f.taskId}/decision`).set(auth(h, f.officer)).send(body);
      return { status: res.status, body: res.body as DecisionResponse['body'] };
    }),
  );
}
