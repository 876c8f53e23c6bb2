import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { exportUnits } from '../../shared/services/directory';

export const handler = httpHandler(route('directory-export'), {}, async () => ({
  raw: { body: await exportUnits(), contentType: 'text/csv; charset=utf-8' },
  headers: { 'content-disposition': 'attachment; filename="don-vi.csv"' },
}));
