import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { recipientParams } from '../../shared/schemas/progress';
import { contextFor } from '../../shared/services/context';
import { sendUnitLetter } from '../../shared/services/unit-letters';

/** 202: the unit's new link is on the mail queue (its run says when it was sent); a double click answers the same run. */
export const handler = httpHandler(route('recipients-link-resend'), { params: recipientParams }, async ({ params, actor }) => ({
  status: 202,
  body: await sendUnitLetter(contextFor(actor), params.dispatchId, params.unitId, 'resend'),
}));
