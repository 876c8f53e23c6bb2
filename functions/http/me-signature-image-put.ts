import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { contextFor } from '../../shared/services/context';
import { pngFromBody, uploadSignatureImage } from '../../shared/services/signature-images';

/** PUT /me/signature-image: the caller's own handwritten signature (PNG, blue, transparent). */
export const handler = httpHandler(route('me-signature-image-put'), {}, async ({ actor, event }) => ({
  body: await uploadSignatureImage(contextFor(actor), actor.userId, pngFromBody(event.headers['content-type'], event.body, event.isBase64Encoded)),
}));
