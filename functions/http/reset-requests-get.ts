import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { resetRequestParams } from '../../shared/schemas/progress';
import { resetRequestDetail } from '../../shared/services/reset-requests';

export const handler = httpHandler(route('reset-requests-get'), { params: resetRequestParams }, async ({ params }) => ({
  body: await resetRequestDetail(params.requestId, new Date()),
}));
