import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { peopleQuery } from '../../shared/schemas/person';
import { findPeople } from '../../shared/services/people';

export const handler = httpHandler(route('people-list'), { query: peopleQuery }, async ({ query }) => ({ body: { items: await findPeople(query) } }));
