import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { accountOutcomeSchema, resetRequestParams } from '../../shared/schemas/progress';
import { contextFor } from '../../shared/services/context';
import { markAccount } from '../../shared/services/reset-requests';

/** The IT Department marks one account reset, revoked or rejected; a repeat is a replay that changes nothing. */
export const handler = httpHandler(route('reset-requests-account'), { params: resetRequestParams, body: accountOutcomeSchema }, async ({ params, body, actor }) => {
  const { request, replayed } = await markAccount(contextFor(actor), params.requestId, body);
  const headers: Record<string, string> = replayed ? { 'x-idempotent-replay': 'true' } : {};
  return { body: request, headers };
});
