import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { unitInputSchema } from '../../shared/schemas/directory';
import { contextFor } from '../../shared/services/context';
import { createUnit } from '../../shared/services/directory';

export const handler = httpHandler(route('units-create'), { body: unitInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createUnit(contextFor(actor), body),
}));
