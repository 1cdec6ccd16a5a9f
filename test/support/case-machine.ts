// Builders for tests of the case machine and of the workflow with stubbed activities: real packs, the
// real engine, no I/O beyond reading the pack files. Not imported by production code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../src/domain/access';
import { assessApplication, type Assessment } from '../../src/domain/assess';
import { packVersion, parsePolicyPack, type PolicyPack } from '../../src/domain/pack/pack';
import { m15Submission, m2Submission } from './fixtures';
import { apply, check, initialCase, type CaseCommand, type CaseState, type Grant, type ReviewClock, type Transition } from '../../src/domain/case/machine';
import type { CaseRefusal } from '../../src/domain/case/refusals';

const packsDir = join(__dirname, '..', '..', 'seeds', 'packs');
const cache = new Map<string, PolicyPack>();
export function pack(file = 'shenzhen-ai-pioneer-2024.json'): PolicyPack {
  let p = cache.get(file);
  if (!p) {
    p = parsePolicyPack(JSON.parse(readFileSync(join(packsDir, file), 'utf8')));
    cache.set(file, p);
  }
  return p;
}

export const RECEIVED_AT = '2025-06-02T02:00:00.000Z';
export const ORG = 'org-lingxi';

/** The unit tests' cases: a single-bureau m2 voucher and an m15 case with three co-reviewers, as the API tests submit them. */
const SUBMISSIONS = { m2: m2Submission, m15: m15Submission } as const;

export function assessmentOf(kind: keyof typeof SUBMISSIONS, opts: { pack?: PolicyPack; receivedAt?: string } = {}): Assessment {
  const f = SUBMISSIONS[kind]() as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
  return assessApplication(packVersion(opts.pack ?? pack(), 1), {
    measureCode: f.measureCode,
    subtypeCode: f.subtypeCode,
    form: f.form,
    applicant: { organisationId: ORG, kind: 'enterprise', isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' },
    receivedAt: opts.receivedAt ?? RECEIVED_AT,
  });
}

export const CLOCK: ReviewClock = { taskDueDays: 15, reminderDaysBeforeDue: 3, rfiAnswerDays: 30, timeZone: 'Asia/Shanghai', supervisors: {} };

export const officer = (bureauCode: string, n = 1, extra: Partial<Actor> = {}): Actor => ({
  userId: `officer${n === 1 ? '' : n}-${bureauCode}`,
  role: 'officer',
  bureauCode,
  organisationId: null,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
  ...extra,
});
export const supervisor = (bureauCode: string): Actor => ({
  userId: `supervisor-${bureauCode}`,
  role: 'supervisor',
  bureauCode,
  organisationId: null,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
});
export const applicant = (organisationId = ORG): Actor => ({
  userId: `applicant-of-${organisationId}`,
  role: 'applicant',
  bureauCode: null,
  organisationId,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
});

/** A case driven command by command, with a clock the test moves and ids that count up. */
export class CaseDriver {
  state: CaseState;
  now = Date.parse(RECEIVED_AT);
  private n = 0;
  readonly log: Transition[] = [];

  constructor(caseId = 'case-1') {
    this.state = initialCase({ caseId, packId: 'shenzhen-ai-pioneer-2024', packVersion: 1, organisationId: ORG, receivedAt: RECEIVED_AT });
  }

  /** Checks and applies; returns the refusal instead of applying when there is one. */
  send(cmd: CaseCommand): CaseRefusal | Transition {
    const r = check(this.state, cmd);
    if (r) return r;
    const t = apply(this.state, cmd, { now: this.now, newId: () => `id-${++this.n}` });
    this.state = t.state;
    this.log.push(t);
    return t;
  }

  /** Applies a command that must be accepted. */
  ok(cmd: CaseCommand): Transition {
    const r = this.send(cmd);
    if ('type' in r) throw new Error(`refused: ${r.type} ${r.en}`);
    return r;
  }

  advance(ms: number): void {
    this.now += ms;
  }

  openTask(bureauCode: string): string {
    const t = this.state.tasks.find((x) => x.bureauCode === bureauCode && (x.status === 'open' || x.status === 'claimed'));
    if (!t) throw new Error(`no live task of ${bureauCode}`);
    return t.taskId;
  }
}

/** The ledger's answer to a pending approval when nothing cuts it: the amount as the officer approved it. */
export const asAsked = (s: CaseState): Grant => ({ amountFen: s.pending?.amountFen ?? '0', cuts: [] });
