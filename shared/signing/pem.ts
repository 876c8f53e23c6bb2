/**
 * PEM text to DER and back: no ASN.1 parsing, so the functions that only store and read certificates
 * (KMS signers, trusted roots) do not bundle the X.509 code of certificates.ts (issue 11's budget).
 */
export const toPem = (der: Uint8Array, label = 'CERTIFICATE') =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/** Every certificate in a PEM text, as DER, in order. */
export function fromPem(pem: string): Uint8Array[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}
