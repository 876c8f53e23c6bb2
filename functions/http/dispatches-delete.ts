import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { invalidField } from '../../shared/errors';
import { deleteDraftQuery, dispatchIdParams } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { deleteDraft } from '../../shared/services/drafts';

/**
 * DELETE /dispatches/{id}?version=N: deletes a draft seen at that version (409 for anything but a draft).
 * A missing version is refused here, after the dispatch's gate, so a caller of another agency learns only that.
 */
export const handler = httpHandler(route('dispatches-delete'), { params: dispatchIdParams, query: deleteDraftQuery }, async ({ params, query, actor }) => {
  if (query.version === undefined) throw invalidField('query.version', 'query.version là bắt buộc', 'query.version is required');
  return { body: await deleteDraft(contextFor(actor), params.dispatchId, query.version) };
});
