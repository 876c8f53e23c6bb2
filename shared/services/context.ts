import { createHash } from 'node:crypto';
import type { AuditEvent } from '../data/audit';
import type { Actor } from '../domain/actor';
import { randomId, systemClock, type Clock, type IdGenerator } from '../runtime';

/** What every use case needs besides its input: who acts, and the clock and id source (fixed in tests). */
export interface UseCaseContext {
  actor: Actor;
  clock: Clock;
  ids: IdGenerator;
}

export const contextFor = (actor: Actor, clock: Clock = systemClock, ids: IdGenerator = randomId): UseCaseContext => ({
  actor,
  clock,
  ids,
});

export function auditOf(ctx: UseCaseContext, action: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    at: ctx.clock.now().toISOString(),
    actor: ctx.actor.userId,
    actorName: ctx.actor.name,
    roles: ctx.actor.roles,
    action,
    sourceIp: ctx.actor.sourceIp,
    ...extra,
  };
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
