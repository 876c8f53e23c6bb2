import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../data/s3-client';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { config } from '../config';


/** Stores a PDF under its key; S3 checks the SHA-256 we computed, so a corrupted upload is refused. */
export async function putPdf(key: string, bytes: Uint8Array, sha256Hex: string): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: config().PDF_BUCKET,
      Key: key,
      Body: bytes,
      ContentType: 'application/pdf',
      ChecksumSHA256: Buffer.from(sha256Hex, 'hex').toString('base64'),
      Metadata: { sha256: sha256Hex },
    }),
  );
}

export async function getPdf(key: string): Promise<Uint8Array> {
  const out = await s3().send(new GetObjectCommand({ Bucket: config().PDF_BUCKET, Key: key }));
  return out.Body!.transformToByteArray();
}

/** A short-lived URL to download the PDF without passing it through Lambda. */
export async function pdfDownloadUrl(key: string, fileName: string, seconds = 300): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: config().PDF_BUCKET,
      Key: key,
      ResponseContentDisposition: `inline; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    }),
    { expiresIn: seconds },
  );
}
