import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';

/** Who the caller is in the directory: name, agency and the roles both their token and their record grant. */
export const handler = httpHandler(route('me'), {}, async ({ actor }) => ({
  body: { userId: actor.userId, name: actor.name, agencyCode: actor.agencyCode, roles: actor.roles },
}));
