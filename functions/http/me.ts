import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler('me', {}, async ({ actor }) => ({ body: { userId: actor.userId, roles: actor.roles } }));
