import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { groupIdParams } from '../../shared/schemas/directory';
import { requireGroup } from '../../shared/services/directory';

export const handler = httpHandler(route('groups-get'), { params: groupIdParams }, async ({ params }) => ({ body: await requireGroup(params.groupId) }));
