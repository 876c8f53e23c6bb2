import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { exportPeople } from '../../shared/services/people';

export const handler = httpHandler(route('people-export'), {}, async () => ({
  raw: { body: await exportPeople(), contentType: 'text/csv; charset=utf-8' },
  headers: { 'content-disposition': 'attachment; filename="can-bo.csv"' },
}));
