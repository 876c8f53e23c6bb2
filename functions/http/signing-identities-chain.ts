import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { PEM_CHAIN_MEDIA_TYPE, signingIdentityParams } from '../../shared/schemas/signing-identity';
import { contextFor } from '../../shared/services/context';
import { importCertificateChain } from '../../shared/services/key-certificates';

/** The chain the CA returned (PEM, leaf first), checked, then used by the identity's next signature; audited. */
export const handler = httpHandler(route('signing-identities-chain'), { params: signingIdentityParams, text: PEM_CHAIN_MEDIA_TYPE }, async ({ params, actor, text }) => ({
  body: await importCertificateChain(contextFor(actor), params.identityId, text),
}));
