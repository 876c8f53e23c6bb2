import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { unitIdParams } from '../../shared/schemas/directory';
import { requireUnit } from '../../shared/services/directory';

export const handler = httpHandler(route('units-get'), { params: unitIdParams }, async ({ params }) => ({ body: await requireUnit(params.unitId) }));
