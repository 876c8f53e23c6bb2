import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { recipientParams } from '../../shared/schemas/progress';
import { contextFor } from '../../shared/services/context';
import { revokeLink } from '../../shared/services/link-admin';

export const handler = httpHandler(route('recipients-link-revoke'), { params: recipientParams }, async ({ params, actor }) => ({
  body: await revokeLink(contextFor(actor), params.dispatchId, params.unitId),
}));
