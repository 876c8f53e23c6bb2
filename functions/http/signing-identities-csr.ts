import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { PKCS10_MEDIA_TYPE, signingIdentityParams } from '../../shared/schemas/signing-identity';
import { contextFor } from '../../shared/services/context';
import { certificateRequest } from '../../shared/services/key-certificates';

/** A PKCS#10 request signed by the identity's own key (KMS in AWS), PEM, for the agency's CA; audited. */
export const handler = httpHandler(route('signing-identities-csr'), { params: signingIdentityParams }, async ({ params, actor }) => {
  const request = await certificateRequest(contextFor(actor), params.identityId);
  return {
    raw: { body: request.pem, contentType: `${PKCS10_MEDIA_TYPE}; charset=utf-8` },
    headers: { 'content-disposition': `attachment; filename="${request.identity}.csr"`, 'x-public-key-sha256': request.publicKeySha256 },
  };
});
