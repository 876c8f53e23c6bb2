import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { unitIdParams, unitUpdateSchema } from '../../shared/schemas/directory';
import { contextFor } from '../../shared/services/context';
import { updateUnit } from '../../shared/services/directory';

export const handler = httpHandler(route('units-update'), { params: unitIdParams, body: unitUpdateSchema }, async ({ params, body, actor }) => ({
  body: await updateUnit(contextFor(actor), params.unitId, body.version, body.unit),
}));
