import { Global, Module } from '@nestjs/common';

/** What time it is, injected so that receipt instants are set by tests, never read from the machine. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, replays of a known receipt). */
export function fixedClock(at: string | Date): Clock {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`fixedClock: not an instant: ${String(at)}`);
  return { now: () => new Date(ms) };
}

@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
export class ClockModule {}
