import { httpHandler } from '../../shared/http/handler';
import { unitInputSchema } from '../../shared/schemas/directory';
import { contextFor } from '../../shared/services/context';
import { createUnit } from '../../shared/services/directory';

export const handler = httpHandler('units-create', { body: unitInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createUnit(contextFor(actor), body),
}));
