import * as z from 'zod/mini';
import { id } from './common';

/**
 * `/signing-identities/{identityId}/…`: `agency-<code>` or `person-<id>` (as KMS aliases and SSM
 * parameters name them), or the bare agency code or person id.
 */
export const signingIdentityParams = z.strictObject({ identityId: id });

/** RFC 8555, 9.1: a PEM chain, the end-entity certificate first. */
export const PEM_CHAIN_MEDIA_TYPE = 'application/pem-certificate-chain';
/** RFC 5967: a PKCS#10 request (we answer PEM, as CAs' upload forms take it). */
export const PKCS10_MEDIA_TYPE = 'application/pkcs10';
