import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { contextFor } from '../../shared/services/context';
import { importPeople } from '../../shared/services/people';

export const handler = httpHandler(route('people-import'), { text: 'text/csv' }, async ({ text, actor }) => ({
  body: await importPeople(contextFor(actor), text),
}));
