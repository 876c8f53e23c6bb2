import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { personIdParams } from '../../shared/schemas/person';
import { requirePerson } from '../../shared/services/people';

export const handler = httpHandler(route('people-get'), { params: personIdParams }, async ({ params }) => ({ body: await requirePerson(params.personId) }));
