import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchInputSchema } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { createDraft } from '../../shared/services/dispatches';

export const handler = httpHandler(route('dispatches-create'), { body: dispatchInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createDraft(contextFor(actor), body),
}));
