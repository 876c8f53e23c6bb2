import { listGroups } from '../../shared/data/directory-repo';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler('groups-list', {}, async () => ({
  body: { items: (await listGroups()).map((g) => ({ ...g, memberCount: g.memberIds.length })) },
}));
