import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { personInputSchema } from '../../shared/schemas/person';
import { contextFor } from '../../shared/services/context';
import { createPerson } from '../../shared/services/people';

export const handler = httpHandler(route('people-create'), { body: personInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createPerson(contextFor(actor), body),
}));
