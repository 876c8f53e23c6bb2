import { httpHandler, textBody } from '../../shared/http/handler';
import { contextFor } from '../../shared/services/context';
import { importPeople } from '../../shared/services/people';

export const handler = httpHandler('people-import', {}, async ({ event, actor }) => ({
  body: await importPeople(contextFor(actor), textBody(event, 'text/csv')),
}));
