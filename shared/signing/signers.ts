/**
 * The signer directory the configuration asks for: KMS in AWS, the development CA locally.
 * Created once per process, like every client.
 */
import { config } from '../config';
import { KmsSigners } from './kms-signer';
import type { PublicationUrls } from './local-ca';
import type { CertifiableKeys, SignerDirectory } from './signer';

let directory: (SignerDirectory & CertifiableKeys) | undefined;

type LocalDirectory = SignerDirectory & CertifiableKeys & { publishAt(urls: PublicationUrls): void };
let localDirectory: ((dir: string) => LocalDirectory) | undefined;

/**
 * Hands in the development CA (`localCa` of local-ca.ts) for SIGNING_BACKEND=local: the local stack and
 * its CLIs call this. It is not imported here because its certificate-issuing code (@peculiar/asn1-*,
 * asn1js: about 220 KB minified) would then be in every Lambda bundle that reads a trusted root (the
 * staff pages among them), where the backend is always KMS (issue 11's budget).
 */
export function useLocalCa(factory: (dir: string) => LocalDirectory): void {
  localDirectory = factory;
}

export function signers(): SignerDirectory & CertifiableKeys {
  if (!directory) {
    const { SIGNING_BACKEND, SIGNING_KEY_PREFIX, LOCAL_CA_DIR, CA_CRL_URL, CA_OCSP_URL } = config();
    if (SIGNING_BACKEND === 'local') {
      if (!LOCAL_CA_DIR) throw new Error('Invalid configuration: SIGNING_BACKEND=local needs LOCAL_CA_DIR');
      if (!localDirectory) throw new Error('Invalid configuration: SIGNING_BACKEND=local needs the development CA, which the local stack hands in (useLocalCa)');
      const ca = localDirectory(LOCAL_CA_DIR);
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
