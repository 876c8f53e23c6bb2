import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { agencyCodeParams } from '../../shared/schemas/agency';
import { requireAgency } from '../../shared/services/people';

export const handler = httpHandler(route('agencies-get'), { params: agencyCodeParams }, async ({ params }) => ({ body: await requireAgency(params.code) }));
