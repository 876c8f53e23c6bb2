import { listGroups } from '../../shared/data/directory-repo';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler(route('groups-list'), {}, async () => ({
  body: { items: (await listGroups()).map((g) => ({ ...g, memberCount: g.memberIds.length })) },
}));
