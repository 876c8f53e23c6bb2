import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { agencyInputSchema } from '../../shared/schemas/agency';
import { contextFor } from '../../shared/services/context';
import { createAgency } from '../../shared/services/people';

export const handler = httpHandler(route('agencies-create'), { body: agencyInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createAgency(contextFor(actor), body),
}));
