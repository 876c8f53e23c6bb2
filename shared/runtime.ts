import { randomUUID } from 'node:crypto';

/** Time and identity sources, passed in so tests can fix them. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export type IdGenerator = () => string;
export const randomId: IdGenerator = () => randomUUID();
