import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { personIdParams, personUpdateSchema } from '../../shared/schemas/person';
import { contextFor } from '../../shared/services/context';
import { updatePerson } from '../../shared/services/people';

export const handler = httpHandler(route('people-update'), { params: personIdParams, body: personUpdateSchema }, async ({ params, body, actor }) => ({
  body: await updatePerson(contextFor(actor), params.personId, body.version, body.person),
}));
