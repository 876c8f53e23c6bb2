import { countGsi2 } from '../data/count-repo';
import { listKeys } from '../data/keys';
import type { Actor } from '../domain/actor';
import { logger } from '../logger';
import type { StaffCounts } from '../domain/views/staff-counts';

/**
 * What awaits the signed-in person, for the badges on the staff pages' navigation: letters awaiting
 * their signature (signers), their agency's letters returned to draft (clerks), open reset requests
 * (the IT Department). Each is one COUNT query on the state index; a role that does not see the page
 * costs nothing.
 */
export type { StaffCounts } from '../domain/views/staff-counts';

export async function staffCounts(actor: Pick<Actor, 'userId' | 'roles' | 'agencyCode'>): Promise<StaffCounts> {
  const has = (role: string) => (actor.roles as readonly string[]).includes(role);
  const [inbox, returned, queue] = await Promise.all([
    has('signer') ? countGsi2(listKeys.dispatchState('pending_signature'), { agencyCode: actor.agencyCode, 'content.signer.userId': actor.userId }) : undefined,
    has('clerk') ? countGsi2(listKeys.dispatchState('returned'), { agencyCode: actor.agencyCode }) : undefined,
    has('itdept') ? countGsi2(listKeys.resetRequestState('open')) : undefined,
  ]);
  return { ...(inbox !== undefined ? { inbox } : {}), ...(returned !== undefined ? { returned } : {}), ...(queue !== undefined ? { queue } : {}) };
}

/** The badges are a convenience: a failed count leaves them off rather than failing the page. */
export async function staffCountsOrNone(actor: Pick<Actor, 'userId' | 'roles' | 'agencyCode'>): Promise<StaffCounts> {
  try {
    return await staffCounts(actor);
  } catch (error) {
    logger.warn('staff counts failed', { error: error as Error });
    return {};
  }
}
