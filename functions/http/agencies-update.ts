import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { agencyCodeParams, agencyUpdateSchema } from '../../shared/schemas/agency';
import { contextFor } from '../../shared/services/context';
import { updateAgency } from '../../shared/services/people';

export const handler = httpHandler(route('agencies-update'), { params: agencyCodeParams, body: agencyUpdateSchema }, async ({ params, body, actor }) => ({
  body: await updateAgency(contextFor(actor), params.code, body.version, body.agency),
}));
