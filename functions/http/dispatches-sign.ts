import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { transitionResult } from '../../shared/http/responses';
import { dispatchIdParams, transitionSchema } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { signDispatch } from '../../shared/services/signatures';

/**
 * The named signer approves: the letter is signed with their key (KMS in AWS) and stored, and the
 * dispatch moves to signed, in one call. A replay answers 200 with `x-idempotent-replay: true`.
 */
export const handler = httpHandler(route('dispatches-sign'), { params: dispatchIdParams, body: transitionSchema }, async ({ params, body, actor }) =>
  transitionResult(await signDispatch(contextFor(actor), params.dispatchId, body.version)),
);
