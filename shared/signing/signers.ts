/**
 * The signer directory the configuration asks for: KMS in AWS, the development CA locally.
 * Created once per process, like every client.
 */
import { config } from '../config';
import { KmsSigners } from './kms-signer';
import { localCa } from './local-ca';
import type { CertifiableKeys, SignerDirectory } from './signer';

let directory: (SignerDirectory & CertifiableKeys) | undefined;

export function signers(): SignerDirectory & CertifiableKeys {
  if (!directory) {
    const { SIGNING_BACKEND, SIGNING_KEY_PREFIX, LOCAL_CA_DIR, CA_CRL_URL, CA_OCSP_URL } = config();
    if (SIGNING_BACKEND === 'local') {
      if (!LOCAL_CA_DIR) throw new Error('Invalid configuration: SIGNING_BACKEND=local needs LOCAL_CA_DIR');
      const ca = localCa(LOCAL_CA_DIR);
      // Certificates it issues name where its CRL and OCSP answers are (the local stack's stand-ins).
      ca.publishAt({ ...(CA_CRL_URL ? { crl: CA_CRL_URL } : {}), ...(CA_OCSP_URL ? { ocsp: CA_OCSP_URL } : {}) });
      directory = ca;
    } else {
      directory = new KmsSigners(SIGNING_KEY_PREFIX);
    }
  }
  return directory;
}

/** The same directory, seen as the keys an administrator has certified by the agency's CA (issue 12 §3). */
export const certifiableKeys = (): CertifiableKeys => signers();
