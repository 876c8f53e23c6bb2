import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { agencyCodeParams } from '../../shared/schemas/agency';
import { contextFor } from '../../shared/services/context';
import { readSignatureImage } from '../../shared/services/signature-image-read';
import { pngResult } from '../../shared/http/png-result';

/** GET /agencies/{code}/seal-image: the stored seal, as image/png. */
export const handler = httpHandler(route('agencies-seal-image-get'), { params: agencyCodeParams }, async ({ params, actor }) =>
  pngResult(await readSignatureImage(contextFor(actor), 'seal', params.code)),
);
