import { httpHandler, textBody } from '../../shared/http/handler';
import { contextFor } from '../../shared/services/context';
import { importUnits } from '../../shared/services/directory';

export const handler = httpHandler('directory-import', {}, async ({ event, actor }) => ({
  body: await importUnits(contextFor(actor), textBody(event, 'text/csv')),
}));
