import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { contextFor } from '../../shared/services/context';
import { importUnits } from '../../shared/services/directory';

export const handler = httpHandler(route('directory-import'), { text: 'text/csv' }, async ({ text, actor }) => ({
  body: await importUnits(contextFor(actor), text),
}));
