/**
 * The time-stamping authority and the revocation sources the configuration names (TSA_URL,
 * CA_CRL_URL, CA_OCSP_URL), created once per process like every client. The same code runs locally
 * (the local stack's stand-ins, infra/local/trust-services.ts) and in AWS (the CA's own services).
 */
import { config } from '../config';
import { AppError } from '../errors';
import { httpRevocation, type RevocationSource } from './revocation';
import { signers } from './signers';
import { httpTimestampAuthority, type TimestampAuthority } from './timestamp';

let tsa: TimestampAuthority | undefined;
let revocation: RevocationSource | undefined;

export function timestampAuthority(): TimestampAuthority {
  if (!tsa) {
    const { TSA_URL, TSA_TIMEOUT_MS } = config();
    if (!TSA_URL) {
      throw new AppError('internal', {
        vi: 'Chưa cấu hình đơn vị cấp dấu thời gian (TSA_URL): không ký văn bản khi thiếu dấu thời gian.',
        en: 'No time-stamping authority is configured (TSA_URL): nothing is signed without a time-stamp.',
      });
    }
    tsa = httpTimestampAuthority(TSA_URL, TSA_TIMEOUT_MS);
  }
  return tsa;
}

export function revocationSource(): RevocationSource {
  if (!revocation) {
    const { CA_CRL_URL, CA_OCSP_URL, REVOCATION_TIMEOUT_MS } = config();
    revocation = httpRevocation({
      ...(CA_CRL_URL ? { caCrlUrl: CA_CRL_URL } : {}),
      ...(CA_OCSP_URL ? { caOcspUrl: CA_OCSP_URL } : {}),
      timeoutMs: REVOCATION_TIMEOUT_MS,
      // The configured URLs are the system's own CA's: an imported CA's certificates name their own.
      caCertificates: () => signers().ownRoots(),
    });
  }
  return revocation;
}
