import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { groupIdParams, groupUpdateSchema } from '../../shared/schemas/directory';
import { contextFor } from '../../shared/services/context';
import { updateGroup } from '../../shared/services/directory';

export const handler = httpHandler(route('groups-update'), { params: groupIdParams, body: groupUpdateSchema }, async ({ params, body, actor }) => ({
  body: await updateGroup(contextFor(actor), params.groupId, body.version, body.group),
}));
