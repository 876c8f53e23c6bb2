import { httpHandler } from '../../shared/http/handler';
import { deleteDraftQuery, dispatchIdParams } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { deleteDraft } from '../../shared/services/drafts';

/** DELETE /dispatches/{id}?version=N: deletes a draft seen at that version (409 for anything but a draft). */
export const handler = httpHandler('dispatches-delete', { params: dispatchIdParams, query: deleteDraftQuery }, async ({ params, query, actor }) => ({
  body: await deleteDraft(contextFor(actor), params.dispatchId, query.version),
}));
