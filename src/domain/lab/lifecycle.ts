// Measure 13: a designated key lab's lifecycle. Evaluations every `everyMonths` from the designation
// date (calendar.ts: the policy's calendar days; a 29 February designation is evaluated on 28 February
// in common years), graded by the lifecycle's bureau; consecutive fails end the designation. Pure: the
// workflow keeps one LabState, the activities write it to the key_labs projection.
import { conflictWith, isStaffOf, type Actor } from '../access';
import type { LocalizedText } from '../pack/schema';
import { zoneOffsetMs } from '../time';
import { evaluationOn } from './calendar';
import { LAB_LIFECYCLE_SENTENCES } from '../words/lab';

export interface LabGradeSpec {
  value: string;
  rewarded: boolean;
}

/** Whether a rewarded grade earned money, and where. */
export type LabReward = { kind: 'filed'; caseId: string; packId: string } | { kind: 'notRewarded' } | { kind: 'noPolicy'; message: LocalizedText };

export interface LabEvaluation {
  cycle: number;
  /** The local date the evaluation falls on, and the instant its task opened. */
  dueOn: string;
  taskId: string;
  openedAt: string;
  taskDueAt: string;
  grade: string | null;
  gradedAt: string | null;
  gradedById: string | null;
  comment: string | null;
  reward: LabReward | null;
}

export interface LabSettings {
  labId: string;
  /** The approval case (m13-new) the lab was designated by; null for a lab designated before the system ran and registered by an admin. */
  caseId: string | null;
  packId: string;
  organisationId: string;
  labName: string;
  /**
   * The designation date (批准组建), which the calendar counts from: the designating form's `approvedOn`, or
   * the date an admin registered. (The name is kept from when it held the system's approval date: it is
   * recorded in running workflows' state.)
   */
  approvedOn: string;
  timeZone: string;
  bureau: string;
  everyMonths: number;
  failsToEnd: number;
  taskDueDays: number;
  reminderDaysBeforeDue: number;
  grades: LabGradeSpec[];
  evaluationSubtype: string;
  measureCode: string;
}

export interface LabState {
  settings: LabSettings;
  status: 'active' | 'ended';
  evaluations: LabEvaluation[];
  ended: { at: string; reason: LocalizedText } | null;
}

export const labWorkflowId = (labId: string): string => `lab:${labId}`;
export const labEvaluationTaskId = (labId: string, cycle: number): string => `lab-${labId}-evaluation-${cycle}`;

export const initialLab = (settings: LabSettings): LabState => ({ settings, status: 'active', evaluations: [], ended: null });

/** The local date of evaluation `cycle` (1, 2, …): whole intervals from the designation date, month ends clamped. */
export const evaluationDate = (s: Pick<LabSettings, 'approvedOn' | 'everyMonths'>, cycle: number): string => evaluationOn(s.approvedOn, s.everyMonths, cycle);

/** 00:00 of a local calendar date in `timeZone`, as epoch milliseconds. */
export function localMidnight(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** The evaluation under way (opened, not graded), if any. */
export const openEvaluation = (s: LabState): LabEvaluation | null => s.evaluations.find((e) => e.grade === null) ?? null;

/** The next cycle to open, and when (null once the designation ended). */
export function nextEvaluation(s: LabState): { cycle: number; dueOn: string; atMs: number } | null {
  if (s.status !== 'active') return null;
  const cycle = s.evaluations.length + 1;
  const dueOn = evaluationDate(s.settings, cycle);
  return { cycle, dueOn, atMs: localMidnight(dueOn, s.settings.timeZone) };
}

export interface GradeArgs {
  cycle: number;
  grade: string;
  comment: string | null;
  actor: Actor;
}

export interface LabRefusal {
  type: 'NotEntitled' | 'NoSuchEvaluation' | 'InvalidGrade' | 'Conflict';
  field: string | null;
  zh: string;
  en: string;
}

/** Why a grade may not be recorded, or null. The lifecycle's bureau grades; never for its own organisation. */
export function checkGrade(s: LabState, a: GradeArgs): LabRefusal | null {
  if (!isStaffOf(a.actor, s.settings.bureau)) return { type: 'NotEntitled', field: null, ...LAB_LIFECYCLE_SENTENCES.notStaff(s.settings.bureau) };
  if (conflictWith(a.actor, s.settings.organisationId)) return { type: 'Conflict', field: null, ...LAB_LIFECYCLE_SENTENCES.conflict() };
  const open = openEvaluation(s);
  if (!open || open.cycle !== a.cycle)
    return {
      type: 'NoSuchEvaluation',
      field: 'cycle',
      ...LAB_LIFECYCLE_SENTENCES.notOpen(open ? open.cycle : null),
    };
  if (!s.settings.grades.some((g) => g.value === a.grade))
    return {
      type: 'InvalidGrade',
      field: 'grade',
      ...LAB_LIFECYCLE_SENTENCES.gradeOneOf(s.settings.grades.map((g) => g.value)),
    };
  return null;
}

export const isRewarded = (s: LabState, grade: string): boolean => s.settings.grades.some((g) => g.value === grade && g.rewarded);

/** Records a checked grade with its reward outcome; consecutive fails end the designation. */
export function applyGrade(s: LabState, a: GradeArgs, reward: LabReward, nowMs: number): LabState {
  const at = new Date(nowMs).toISOString();
  const evaluations = s.evaluations.map((e) =>
    e.cycle === a.cycle ? { ...e, grade: a.grade, gradedAt: at, gradedById: a.actor.userId, comment: a.comment, reward } : e,
  );
  let fails = 0;
  for (let i = evaluations.length - 1; i >= 0 && evaluations[i]!.grade === 'fail'; i--) fails++;
  if (fails < s.settings.failsToEnd) return { ...s, evaluations };
  const cycles = evaluations.slice(-fails).map((e) => `${e.cycle}`);
  return {
    ...s,
    evaluations,
    status: 'ended',
    ended: {
      at,
      reason: LAB_LIFECYCLE_SENTENCES.ended(fails, cycles),
    },
  };
}

/** Opens evaluation `cycle`: its task is due `taskDueDays` calendar days later. */
export function openCycle(s: LabState, cycle: number, dueOn: string, nowMs: number, addDays: (ms: number, days: number) => number): LabState {
  const ev: LabEvaluation = {
    cycle,
    dueOn,
    taskId: labEvaluationTaskId(s.settings.labId, cycle),
    openedAt: new Date(nowMs).toISOString(),
    taskDueAt: new Date(addDays(nowMs, s.settings.taskDueDays)).toISOString(),
    grade: null,
    gradedAt: null,
    gradedById: null,
    comment: null,
    reward: null,
  };
  return { ...s, evaluations: [...s.evaluations, ev] };
}
