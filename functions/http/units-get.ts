import { httpHandler } from '../../shared/http/handler';
import { unitIdParams } from '../../shared/schemas/directory';
import { requireUnit } from '../../shared/services/directory';

export const handler = httpHandler('units-get', { params: unitIdParams }, async ({ params }) => ({ body: await requireUnit(params.unitId) }));
