import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { agencyCodeParams } from '../../shared/schemas/agency';
import { contextFor } from '../../shared/services/context';
import { pngFromBody, uploadSealImage } from '../../shared/services/signature-images';

/** PUT /agencies/{code}/seal-image: the agency's seal (PNG, red, transparent, real size), by administrators. */
export const handler = httpHandler(route('agencies-seal-image-put'), { params: agencyCodeParams }, async ({ params, actor, event }) => ({
  body: await uploadSealImage(contextFor(actor), params.code, pngFromBody(event.headers['content-type'], event.body, event.isBase64Encoded)),
}));
