import { getAgency } from '../data/agency-repo';
import { getPerson } from '../data/people-repo';
import { isSessionRevoked } from '../data/revocation-repo';
import { AppError, forbidden } from '../errors';
import type { Actor, TokenIdentity } from '../domain/actor';

/**
 * The person behind a verified token. A valid token is not enough: the person must be in the directory,
 * active, in an active agency, and keep only the roles both the token and the record grant. One
 * consistent read per request, so deactivating someone takes effect on their next click; another, at
 * the same time, refuses (401) a token whose session was signed out.
 */
export async function resolveActor(token: TokenIdentity): Promise<Actor> {
  // A token of a signed-out session stays valid to the eye until it expires: the list says otherwise.
  const [person, revoked] = await Promise.all([getPerson(token.userId), token.sessionId ? isSessionRevoked(token.sessionId) : false]);
  if (revoked) throw new AppError('unauthorized', { vi: 'Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại.', en: 'This session has ended. Please sign in again.' });
  if (!person || !person.active) {
    throw forbidden({
      vi: 'Tài khoản của bạn không có trong danh bạ cán bộ hoặc đã ngừng hoạt động.',
      en: 'Your account is not in the staff directory or is no longer active.',
    });
  }
  const agency = await getAgency(person.agencyCode);
  if (!agency?.active) {
    throw forbidden({ vi: `Cơ quan ${person.agencyCode} của bạn đã ngừng hoạt động.`, en: `Your agency ${person.agencyCode} is no longer active.` });
  }
  return {
    userId: person.id,
    name: person.name,
    agencyCode: person.agencyCode,
    roles: token.roles.filter((r) => person.roles.includes(r)),
    sourceIp: token.sourceIp,
  };
}
