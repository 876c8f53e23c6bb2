import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { groupInputSchema } from '../../shared/schemas/directory';
import { contextFor } from '../../shared/services/context';
import { createGroup } from '../../shared/services/directory';

export const handler = httpHandler(route('groups-create'), { body: groupInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createGroup(contextFor(actor), body),
}));
