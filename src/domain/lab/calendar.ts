// A key lab's evaluation calendar (measure 13): the policy evaluates a designated lab every few years
// counted from its designation (批准组建), not from any date of this system. Dates are calendar dates
// in the policy's time zone; each cycle counts whole intervals from the designation date itself, so a
// 29 February designation is evaluated on 28 February in common years and on 29 February again in
// leap years. Pure: the workflow bundle uses it.
import { addMonths } from '../time';

/** The date of evaluation `cycle` (1, 2, …): `cycle` intervals of `everyMonths` after the designation date. */
export function evaluationOn(designatedOn: string, everyMonths: number, cycle: number): string {
  if (!Number.isInteger(cycle) || cycle < 1) throw new RangeError(`an evaluation cycle is 1, 2, 3…: ${cycle}`);
  return addMonths(designatedOn, everyMonths * cycle);
}

/** The next evaluation of a lab whose cycles 1…`evaluated` are done, and whether it is already due on `today`. */
export function nextEvaluationOn(designatedOn: string, everyMonths: number, evaluated: number, today: string): { cycle: number; on: string; due: boolean } {
  const cycle = evaluated + 1;
  const on = evaluationOn(designatedOn, everyMonths, cycle);
  return { cycle, on, due: on <= today };
}

/** How many evaluations had fallen due by `today` (its date included). */
export function cyclesDueBy(designatedOn: string, everyMonths: number, today: string): number {
  let n = 0;
  while (evaluationOn(designatedOn, everyMonths, n + 1) <= today) n++;
  return n;
}
