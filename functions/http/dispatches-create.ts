import { httpHandler } from '../../shared/http/handler';
import { dispatchContentSchema } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { createDraft } from '../../shared/services/dispatches';

export const handler = httpHandler('dispatches-create', { body: dispatchContentSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createDraft(contextFor(actor), body),
}));
