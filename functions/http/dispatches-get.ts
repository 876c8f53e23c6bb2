import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { requireDispatch } from '../../shared/services/dispatches';

export const handler = httpHandler(route('dispatches-get'), { params: dispatchIdParams }, async ({ params }) => ({
  body: await requireDispatch(params.dispatchId),
}));
