import { randomUUID } from 'node:crypto';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { RetryState } from '@temporalio/common';
import { temporal as temporalProto } from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ReviewClock } from '../../src/domain/case/machine';
import type { CaseChange } from '../../src/domain/case/records';
import { workflowSourceOptions } from '../../src/temporal/worker.factory';
import type { AllActivities } from '../../src/temporal/worker.factory';
import type { AwardReservation } from '../../src/domain/case/effects';
import type { CaseTerms } from '../../src/domain/case/state';
import type { ReserveAwardResult } from '../../workflows/activities';
import { caseWorkflowId, caseStateQuery, claimUpdate, decideUpdate, unclaimUpdate, type CaseWorkflowInput } from '../../workflows/case.messages';
import type { caseWorkflow } from '../../workflows/case.workflow';
import { ACTIVITY_MAX_ATTEMPTS } from '../../workflows/presets';
import { awardWorkflowId, orderSettledSignal } from '../../workflows/award.messages';
import type { awardWorkflow } from '../../workflows/award.workflow';
import { CLOCK, ORG, RECEIVED_AT, assessmentOf, officer } from '../support/case-machine';
import { eventually, quietTemporalRuntime } from '../support/harness';
import { activityTypes, localActivityTypes } from '../support/histories';
import { createLocalEnv, createTimeSkippingEnv } from '../support/temporal';

/**
 * The workflow alone, on real Temporal servers, with its activities stubbed at the boundary: the
 * projection is a list of changes, the pool a number, and a case's assessment comes from the real
 * engine. The paths no end-to-end test reaches: a short pool at the final approval, an activity that
 * fails for good, and continue-as-new. (An update racing a timer is a case-machine unit test.)
 */
interface Behaviour {
  kind: 'm2' | 'm15';
  poolFen: bigint;
  assessFails?: boolean;
  /** Every assessment attempt fails with an error a retry might fix (a lost connection); counted. */
  assessFlaky?: { attempts: number };
  /** When set, a reservation waits until the test clears it. */
  holdReservation?: { held: boolean };
  /** What a cumulative limit still allows; absent means no limit applies. */
  limitLeftFen?: bigint;
  /** The lifecycle an approval starts (as the pack's sub-type says); none when absent. */
  lifecycle?: CaseTerms['lifecycle'];
  clock?: Partial<ReviewClock>;
}

function notRunHere<K extends string>(...names: K[]): Record<K, () => Promise<never>> {
  // Non-retryable, so a child these tests only see started (a lab, a rent-free clock) ends at once.
  return Object.fromEntries(
    names.map((n) => [n, () => Promise.reject(ApplicationFailure.nonRetryable(`${n} is not run by these tests`, 'NotRunHere'))]),
  ) as Record<K, () => Promise<never>>;
}

/** A co-funded award's shares, city and district. */
const SHARES = [
  { funder: 'city', amountFen: '501' },
  { funder: 'district:nanshan', amountFen: '500' },
];

class Stubs {
  readonly changes = new Map<string, CaseChange[]>();
  readonly orders: { caseId: string; funder: string }[] = [];
  openOrders = 0;
  readonly behaviour = new Map<string, Behaviour>();

  activities(): AllActivities {
    return {
      assessCase: async (id: string) => {
        const b = this.behaviour.get(id)!;
        if (b.assessFails) throw ApplicationFailure.nonRetryable(`application ${id} not found`, 'NotFound');
        if (b.assessFlaky) {
          b.assessFlaky.attempts++;
          throw new Error('connection terminated unexpectedly');
        }
        return {
          assessment: assessmentOf(b.kind),
          clock: { ...CLOCK, supervisors: { stic: ['supervisor-stic'] }, ...b.clock },
          priorBenefits: [],
          terms: {
            lifecycle: b.lifecycle ?? null,
            districtPoolCode: null,
            poolNames: { 'm2-training-voucher': { zh: '训练算力券', en: 'Training compute vouchers' } },
          },
        };
      },
      projectCase: async (c: CaseChange) => {
        this.changes.set(c.caseId, [...(this.changes.get(c.caseId) ?? []), c]);
        return [];
      },
      reserveAward: async (r: AwardReservation): Promise<ReserveAwardResult> => {
        const b = this.behaviour.get(r.caseId)!;
        // Polled rather than awaited as a promise the test resolves: resolving one across the worker's
        // activity context from the test crashed Node 20 ("async hook stack has become corrupted").
        while (b.holdReservation?.held) await new Promise((r) => setTimeout(r, 50));
        const amount = BigInt(r.award.amountFen);
        if (amount > b.poolFen)
          return {
            ok: false,
            short: 'pool',
            year: 2025,
            availableFen: b.poolFen.toString(),
            askedFen: r.award.amountFen,
            poolCode: r.poolCode ?? '',
          };
        if (b.limitLeftFen === 0n) {
          const limit = { key: 'm2|org', scope: 'applicant' as const, capFen: '5000000', label: { zh: '单家企业累计资助上限', en: 'cap per enterprise' } };
          return { ok: false, short: 'limit', limit, priorFen: '5000000' };
        }
        const granted = b.limitLeftFen !== undefined && b.limitLeftFen < amount ? b.limitLeftFen : amount;
        b.poolFen -= granted;
        const cuts =
          granted < amount ? [{ toFen: granted.toString(), reason: { code: 'limit.applicant', zh: '单家企业累计资助上限', en: 'cap per enterprise' } }] : [];
        return { ok: true, year: 2025, grant: { amountFen: granted.toString(), cuts } };
      },
      awardShares: async () => SHARES,
      issuePaymentOrder: async (o: { caseId: string; funder: string }) => {
        this.orders.push(o);
        return { orderId: `${o.caseId}:${o.funder}` };
      },
      openPaymentOrders: async () => this.openOrders,
      issueAwardOrders: async (caseId: string) => {
        const orders = SHARES.map(({ funder }) => (this.orders.push({ caseId, funder }), { funder, orderId: `${caseId}:${funder}` }));
        return { orders, open: this.openOrders };
      },
      setIntakeOpen: async () => undefined,
      // Activities of the lab, rent-free and notice workflows, which these tests do not run.
      ...notRunHere('labSettings', 'projectLab', 'markLabTask', 'fileLabReward', 'rentFreePeriod', 'recordCaseEvents', 'deliverNotice'),
    };
  }

  events(id: string): string[] {
    return (this.changes.get(id) ?? []).flatMap((c) => c.events.map((e) => e.type));
  }
}

/**
 * How many events a main-path measure-2 case records besides its workflow-task events (see the test that
 * counts them): started; the patch marker and its TemporalChangeVersion upsert; the assessment's and its
 * projection's markers, the attributes upsert and the review timer; the claim: accepted, the
 * claims-by-caller patch's marker and upsert, completed (the API writes its change); the approval:
 * accepted, the writes-after-acceptance patch's marker and upsert, the reservation activity's three
 * events, upsert, the projection's marker, the payments child, completed; the child started; completed.
 * Was 27 with every write an activity (3 events each) and a cancelled timer, 18 with every write local,
 * 24 with the claim's write on the queue. With the stubs' projection no notice starts.
 */
const HISTORY_EVENTS_M2_MAIN_PATH = 23;

/** Besides its workflow-task events, an award of two orders settled one at a time (see its test). */
const HISTORY_EVENTS_AWARD_TWO_SETTLEMENTS = 9;

function inputFor(id: string): CaseWorkflowInput {
  return { caseId: id, packId: 'shenzhen-ai-pioneer-2024', packVersion: 1, receivedAt: RECEIVED_AT, organisationId: ORG };
}

async function withWorker<T>(env: TestWorkflowEnvironment, stubs: Stubs, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `case-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ...workflowSourceOptions(),
    activities: stubs.activities(),
  });
  return worker.runUntil(body(taskQueue));
}

/** The ids of the child workflows a workflow started, as its history records them. */
async function childrenStarted(handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> }): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) => {
    const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
    return a?.workflowId ? [a.workflowId] : [];
  });
}

/** Starts a case on `taskQueue` whose stubbed activities behave as `b` says. */
async function startCase(env: TestWorkflowEnvironment, stubs: Stubs, taskQueue: string, b: Behaviour) {
  const id = randomUUID();
  stubs.behaviour.set(id, b);
  const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: caseWorkflowId(id),
    taskQueue,
    args: [inputFor(id)],
  });
  return { id, handle };
}

describe('the case workflow with stubbed activities (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  const stubs = new Stubs();
  beforeAll(async () => {
    quietTemporalRuntime();
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const start = (taskQueue: string, b: Behaviour) => startCase(env, stubs, taskQueue, b);

  async function openTask(handle: Awaited<ReturnType<typeof start>>['handle'], stage = 'review'): Promise<string> {
    for (;;) {
      const s = await handle.query(caseStateQuery);
      const t = s.tasks.find((x) => x.stage === stage && (x.status === 'open' || x.status === 'claimed'));
      if (t) return t.taskId;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('refuses a final approval the pool cannot cover, naming the pool and what is left in yuan, and takes a lower one', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const { id, handle } = await start(taskQueue, { kind: 'm2', poolFen: 1_000_000n });
      const taskId = await openTask(handle);
      const stic = officer('stic');
      await handle.executeUpdate(claimUpdate, { args: [{ taskId, actor: stic }] });
      const err: unknown = await handle
        .executeUpdate(decideUpdate, { args: [{ taskId, actor: stic, decision: { kind: 'approve' } }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('PoolExhausted');
      expect(cause.message).toContain('Training compute vouchers');
      expect(cause.message).toContain('CNY 10,000.00 left');
      expect(cause.details?.[0]).toMatchObject({ field: 'amountFen', zh: expect.stringContaining('剩余 10,000.00 元'), availableFen: '1000000' });
      const after = await handle.query(caseStateQuery);
      expect(after.tasks.find((t) => t.taskId === taskId)).toMatchObject({ status: 'claimed', assigneeId: 'officer-stic', decision: null });
      expect(after.status).toBe('in_review');
      expect(stubs.events(id)).not.toContain('task.decided');

      const ok = await handle.executeUpdate(decideUpdate, {
        args: [{ taskId, actor: stic, decision: { kind: 'approve', amountFen: '1000000', comment: 'the pool has 10,000 yuan left' } }],
      });
      expect(ok).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '1000000' });
      const view = await handle.result();
      expect(view.status).toBe('approved');
      const last = stubs.changes.get(id)!.at(-1)!;
      expect(last.outcome).toMatchObject({ status: 'approved', approvedAwardFen: '1000000', reason: 'the pool has 10,000 yuan left' });
    });
  });

  it('refuses a final approval when a cumulative limit has nothing left, naming it, and approves a cut grant with its line', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const stic = officer('stic');
      const { handle } = await start(taskQueue, { kind: 'm2', poolFen: 1_000_000_000n, limitLeftFen: 0n });
      const taskId = await openTask(handle);
      await handle.executeUpdate(claimUpdate, { args: [{ taskId, actor: stic }] });
      const err: unknown = await handle
        .executeUpdate(decideUpdate, { args: [{ taskId, actor: stic, decision: { kind: 'approve' } }] })
        .catch((e: unknown) => e);
      const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('LimitReached');
      expect(cause.message).toBe('cap per enterprise: cap CNY 50,000.00, CNY 50,000.00 already awarded, nothing is left; reject the application');
      expect((await handle.query(caseStateQuery)).tasks.find((t) => t.taskId === taskId)).toMatchObject({ status: 'claimed' });

      const cut = await start(taskQueue, { kind: 'm2', poolFen: 1_000_000_000n, limitLeftFen: 2_000_000n });
      const cutTask = await openTask(cut.handle);
      await cut.handle.executeUpdate(claimUpdate, { args: [{ taskId: cutTask, actor: stic }] });
      const ok = await cut.handle.executeUpdate(decideUpdate, { args: [{ taskId: cutTask, actor: stic, decision: { kind: 'approve' } }] });
      expect(ok).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '2000000' });
      const state = await cut.handle.query(caseStateQuery);
      expect(state.approved?.award.lines.at(-1)?.en).toBe('Reduced from CNY 740,740.73 to CNY 20,000.00: cap per enterprise');
      await cut.handle.result();
      expect(await childrenStarted(cut.handle)).toEqual([awardWorkflowId(cut.id)]);
    });
  });

  it('issues one payment order per share and ends once treasury staff have settled them all', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const caseId = randomUUID();
      stubs.openOrders = 2;
      const handle = await env.client.workflow.start<typeof awardWorkflow>('awardWorkflow', {
        workflowId: awardWorkflowId(caseId),
        taskQueue,
        args: [{ caseId }],
      });
      // Each settlement after the award's last look has been recorded, so its history has one shape.
      const looks = (n: number) => async () => (localActivityTypes((await handle.fetchHistory()).events ?? []).length === n ? true : undefined);
      await eventually(looks(1), 10_000, 'both orders');
      stubs.openOrders = 1;
      await handle.signal(orderSettledSignal, { notices: [] });
      await eventually(looks(2), 10_000, 'a look after the first settlement');
      stubs.openOrders = 0;
      await handle.signal(orderSettledSignal, { notices: [] });
      expect(await handle.result()).toEqual({
        caseId,
        orders: [
          { funder: 'city', orderId: `${caseId}:city` },
          { funder: 'district:nanshan', orderId: `${caseId}:district:nanshan` },
        ],
      });
      expect(stubs.orders.filter((o) => o.caseId === caseId)).toHaveLength(2);
      // What an award records (award-orders-local): started; the patch's marker and its
      // TemporalChangeVersion upsert; the orders' marker; per settlement, the signal and a look's marker;
      // completed. No activity on the queue: it was 22 events and 4 workflow tasks before the first signal.
      const events = (await handle.fetchHistory()).events ?? [];
      expect(activityTypes(events)).toEqual([]);
      expect(localActivityTypes(events)).toEqual(['issueAwardOrders', 'openPaymentOrders', 'openPaymentOrders']);
      const kinds = events.map((e) => temporalProto.api.enums.v1.EventType[e.eventType!]);
      expect(kinds.filter((k) => k === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(3);
      expect(kinds).toHaveLength(HISTORY_EVENTS_AWARD_TWO_SETTLEMENTS + 3 * 3);
    });
  });

  /** Claims and approves the case's one review task; returns its finished history. */
  async function approveCase(taskQueue: string, b: Behaviour) {
    const { id, handle } = await start(taskQueue, b);
    const taskId = await openTask(handle);
    const stic = officer('stic');
    await handle.executeUpdate(claimUpdate, { args: [{ taskId, actor: stic }] });
    await handle.executeUpdate(decideUpdate, { args: [{ taskId, actor: stic, decision: { kind: 'approve' } }] });
    await handle.result();
    return { id, handle };
  }

  it('starts what follows an approval as children that outlive the case: payments, a key lab, a rent-free clock', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const plain = await approveCase(taskQueue, { kind: 'm2', poolFen: 1_000_000_000n });
      expect(await childrenStarted(plain.handle)).toEqual([awardWorkflowId(plain.id)]);
      const lab = await approveCase(taskQueue, { kind: 'm2', poolFen: 1_000_000_000n, lifecycle: 'keyLab' });
      expect(await childrenStarted(lab.handle)).toEqual([`lab:${lab.id}`, awardWorkflowId(lab.id)]);
      const rentFree = await approveCase(taskQueue, { kind: 'm2', poolFen: 1_000_000_000n, lifecycle: 'rentFree' });
      expect(await childrenStarted(rentFree.handle)).toEqual([`rentfree:${rentFree.id}`, awardWorkflowId(rentFree.id)]);
      // Each child runs on after its parent closed: ParentClosePolicy.ABANDON.
      const { events } = await lab.handle.fetchHistory();
      const policies = (events ?? []).flatMap((e) => {
        const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
        return a ? [a.parentClosePolicy] : [];
      });
      expect(policies).toEqual([
        temporalProto.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON,
        temporalProto.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON,
      ]);
    });
  });

  it('fails the case at once, without retrying, when an activity fails for good', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const { id, handle } = await start(taskQueue, { kind: 'm2', poolFen: 0n, assessFails: true });
      const err: unknown = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const activity = (err as WorkflowFailedError).cause as ActivityFailure;
      expect(activity).toBeInstanceOf(ActivityFailure);
      expect((activity.cause as ApplicationFailure).type).toBe('NotFound');
      expect(stubs.events(id)).toEqual([]);
    });
  });
});

// On a dev server, the one production runs: each update arrives at an idle case, so the number of
// workflow tasks, and with them every event, is the same on every run.
describe('what a main-path measure-2 case records', () => {
  let env: TestWorkflowEnvironment;
  const stubs = new Stubs();
  beforeAll(async () => {
    quietTemporalRuntime();
    env = await createLocalEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('records a main-path measure-2 case (assessed, claimed, approved with its reservation) in a known number of history events', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const { id, handle } = await startCase(env, stubs, taskQueue, { kind: 'm2', poolFen: 1_000_000_000n });
      // The officer learns of the task from the projection, as the pages do, and acts once the case is
      // idle (a query meanwhile makes the worker report its task early, which adds one to the count).
      const taskId = await eventually(async () => stubs.changes.get(id)?.[0]?.tasks[0]?.taskId, 20_000, 'the projected task');
      const timerStarted = temporalProto.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
      await eventually(
        async () => ((await handle.fetchHistory()).events?.some((e) => e.eventType === timerStarted) ? true : undefined),
        20_000,
        'the review timer',
      );
      const stic = officer('stic');
      const claimed = await handle.executeUpdate(claimUpdate, { args: [{ taskId, actor: stic }] });
      // The claim writes nothing itself: its change comes back for the API to write.
      expect(stubs.changes.get(id)).toHaveLength(1);
      expect(claimed.change?.events.map((e) => e.type)).toEqual(['task.claimed']);
      expect(claimed.change?.tasks).toEqual([expect.objectContaining({ taskId, status: 'claimed', assigneeId: stic.userId })]);
      await handle.executeUpdate(decideUpdate, { args: [{ taskId, actor: stic, decision: { kind: 'approve' } }] });
      await handle.result();
      // The workflow's next write sends the claim's event again, in case the API's write was lost;
      // each transition written is numbered (the approval itself writes nothing until its money is reserved).
      const written = stubs.changes.get(id) ?? [];
      expect(written[1]?.events.map((e) => e.type)).toEqual(['task.claimed', 'task.decided', 'case.approved']);
      expect(written.map((c) => c.rev)).toEqual([1, 3]);
      expect(claimed.change?.rev).toBe(2);
      const { events } = await handle.fetchHistory();
      const E = temporalProto.api.enums.v1.EventType;
      const kinds = (events ?? []).map((e) => E[e.eventType!]!.replace('EVENT_TYPE_', ''));
      // The start's writes are local activities, one marker each in the task that ran them (assess,
      // project). An update's first write goes through the queue, so the update is recorded before
      // anything is written (writes-after-acceptance): the approval's reservation; the approval's
      // projection after it is local. The claim writes nothing (claims-by-caller).
      expect(activityTypes(events ?? [])).toEqual(['reserveAward']);
      expect(localActivityTypes(events ?? [])).toEqual(['assessCase', 'projectCase', 'projectCase']);
      // Upserts: each patch's TemporalChangeVersion, the assessment's (status, measure, bureaus) and the
      // approval's (status); the claim changes no attribute and upserts nothing else.
      expect(kinds.filter((k) => k === 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES')).toHaveLength(5);
      // A change here is a change in what every case records: say why in the commit that makes it.
      const task = ['WORKFLOW_TASK_SCHEDULED', 'WORKFLOW_TASK_STARTED', 'WORKFLOW_TASK_COMPLETED'];
      expect(kinds.filter((k) => !task.includes(k))).toHaveLength(HISTORY_EVENTS_M2_MAIN_PATH);
      // One workflow task to assess, one for the claim, two for the approval (accept, then after its
      // reservation), one to complete once the payments began.
      expect(kinds.filter((k) => k === 'WORKFLOW_TASK_COMPLETED')).toHaveLength(5);
      expect(kinds).toHaveLength(HISTORY_EVENTS_M2_MAIN_PATH + 5 * task.length);
    });
  });
});

// On a server of its own: the hour of retry back-offs is skipped only when no other test's workflow keeps the clock busy.
describe('the case workflow with a transient activity failure (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  const stubs = new Stubs();
  beforeAll(async () => {
    quietTemporalRuntime();
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const start = (taskQueue: string, b: Behaviour) => startCase(env, stubs, taskQueue, b);

  it('retries a transient failure a bounded number of times, then fails the case instead of retrying for ever', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const flaky = { attempts: 0 };
      const { handle } = await start(taskQueue, { kind: 'm2', poolFen: 0n, assessFlaky: flaky });
      const err: unknown = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const activity = (err as WorkflowFailedError).cause as ActivityFailure;
      expect(activity.retryState).toBe(RetryState.MAXIMUM_ATTEMPTS_REACHED);
      expect(flaky.attempts).toBe(ACTIVITY_MAX_ATTEMPTS);
    });
  });
});

describe('the case workflow continues as new when its history grows long', () => {
  let env: TestWorkflowEnvironment;
  const stubs = new Stubs();
  beforeAll(async () => {
    quietTemporalRuntime();
    // The server suggests continue-as-new after a few dozen events instead of thousands.
    env = await createLocalEnv(['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40']);
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('hands its whole state to a new run, which then decides the case', async () => {
    await withWorker(env, stubs, async (taskQueue) => {
      const id = randomUUID();
      stubs.behaviour.set(id, { kind: 'm2', poolFen: 10n ** 12n });
      const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseWorkflowId(id),
        taskQueue,
        args: [inputFor(id)],
      });
      const firstRun = handle.firstExecutionRunId;
      let taskId: string | undefined;
      while (!taskId) taskId = (await handle.query(caseStateQuery)).tasks[0]?.taskId;
      const officers = [officer('stic'), officer('stic', 2)];
      for (let i = 0; (await handle.describe()).runId === firstRun && i < 40; i++) {
        const who = officers[i % 2]!;
        await handle.executeUpdate(claimUpdate, { args: [{ taskId, actor: who }] });
        await handle.executeUpdate(unclaimUpdate, { args: [{ taskId, actor: who }] });
      }
      const described = await handle.describe();
      expect(described.runId).not.toBe(firstRun);
      const carried = await handle.query(caseStateQuery);
      expect(carried.tasks.map((t) => t.taskId)).toEqual([taskId]);
      expect(carried.assessment?.measureCode).toBe('m2');
      await handle.executeUpdate(claimUpdate, { args: [{ taskId, actor: officers[0]! }] });
      await handle.executeUpdate(decideUpdate, { args: [{ taskId, actor: officers[0]!, decision: { kind: 'approve' } }] });
      const view = await handle.result();
      expect(view.status).toBe('approved');
      expect(stubs.events(id).filter((t) => t === 'task.opened')).toHaveLength(1);
    });
  });
});
