import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { contextFor } from '../../shared/services/context';
import { readSignatureImage } from '../../shared/services/signature-image-read';
import { pngResult } from '../../shared/http/png-result';

/** GET /me/signature-image: the caller's own signature image, as image/png. */
export const handler = httpHandler(route('me-signature-image-get'), {}, async ({ actor }) => pngResult(await readSignatureImage(contextFor(actor), 'signature', actor.userId)));
