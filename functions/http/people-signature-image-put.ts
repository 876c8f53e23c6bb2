import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { personIdParams } from '../../shared/schemas/person';
import { contextFor } from '../../shared/services/context';
import { pngFromBody, uploadSignatureImage } from '../../shared/services/signature-images';

/** PUT /people/{personId}/signature-image: a person's handwritten signature (PNG, blue, transparent), by administrators. */
export const handler = httpHandler(route('people-signature-image-put'), { params: personIdParams }, async ({ params, actor, event }) => ({
  body: await uploadSignatureImage(contextFor(actor), params.personId, pngFromBody(event.headers['content-type'], event.body, event.isBase64Encoded)),
}));
