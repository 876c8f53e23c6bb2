/**
 * The images a signature shows on the page (Nghị định 30/2020): each agency's seal and each
 * person's handwritten signature, one PNG each in the PDF bucket under `images/`, apart from the
 * dispatches' files so a grant can name the prefix alone. A new upload replaces the old one; a
 * letter already signed keeps the image it was signed with (it is inside the signed bytes).
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { config } from '../config';
import { s3 } from './s3-client';
import type { SignatureImageKind } from '../domain/signature-image';

export const SIGNATURE_IMAGE_PREFIX = 'images/';

export type { SignatureImageKind } from '../domain/signature-image';

export const sealImageKey = (agencyCode: string) => `${SIGNATURE_IMAGE_PREFIX}agencies/${encodeURIComponent(agencyCode)}/seal.png`;
export const signatureImageKey = (personId: string) => `${SIGNATURE_IMAGE_PREFIX}people/${encodeURIComponent(personId)}/signature.png`;

export const imageKeyOf = (kind: SignatureImageKind, owner: string) => (kind === 'seal' ? sealImageKey(owner) : signatureImageKey(owner));

/** The stored PNG, or undefined when none was uploaded. */
export async function getSignatureImage(kind: SignatureImageKind, owner: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3().send(new GetObjectCommand({ Bucket: config().PDF_BUCKET, Key: imageKeyOf(kind, owner) }));
    return await out.Body!.transformToByteArray();
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
    throw err;
  }
}

/** Stores the PNG (already checked); S3 checks the SHA-256, returned for the audit entry. */
export async function putSignatureImage(kind: SignatureImageKind, owner: string, png: Uint8Array): Promise<string> {
  const sha256 = createHash('sha256').update(png).digest();
  await s3().send(
    new PutObjectCommand({
      Bucket: config().PDF_BUCKET,
      Key: imageKeyOf(kind, owner),
      Body: png,
      ContentType: 'image/png',
      ChecksumSHA256: sha256.toString('base64'),
      Metadata: { sha256: sha256.toString('hex') },
    }),
  );
  return sha256.toString('hex');
}
