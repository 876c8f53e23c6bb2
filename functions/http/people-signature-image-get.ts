import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { personIdParams } from '../../shared/schemas/person';
import { contextFor } from '../../shared/services/context';
import { readSignatureImage } from '../../shared/services/signature-image-read';
import { pngResult } from '../../shared/http/png-result';

/** GET /people/{personId}/signature-image: the stored signature image, as image/png (administrators). */
export const handler = httpHandler(route('people-signature-image-get'), { params: personIdParams }, async ({ params, actor }) =>
  pngResult(await readSignatureImage(contextFor(actor), 'signature', params.personId)),
);
