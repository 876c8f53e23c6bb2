/**
 * Uploads of the images a signature shows (Nghị định 30/2020, Phụ lục I): an agency's seal (red,
 * real size) by administrators, a person's handwritten signature (blue) by administrators or by the
 * person. Both PNG with a transparent background. Everything is checked before anything is stored:
 * type, size, the PNG signature, the header's chunks and CRCs, the dimensions, the alpha channel,
 * and a full decode of the pixels (the same decoder that draws them into the letters). A refused
 * upload names the field in both languages and changes nothing; an accepted one is audited on the
 * agency's or the person's record.
 */
import { PDFDocument } from 'pdf-lib';
import { auditPut, transactWrite } from '../data/audit';
import { keys } from '../data/keys';
import { putSignatureImage, type SignatureImageKind } from '../data/signature-image-store';
import { AppError } from '../errors';
import { isMediaType } from '../domain/media-type';
import { inspectPng, PngFormatError, PNG_SIGNATURE, type PngInfo } from '../pdf/png';
import { auditOf, type UseCaseContext } from './context';
import { requireAgency, requirePerson } from './people';
import { KIND_WORD } from './signature-image-read';

// Reading is its own module so that the GET routes do not bundle the decoder (pdf-lib) the uploads check with.
export { readSignatureImage } from './signature-image-read';

/** Larger than any seal or signature scanned at 600 dpi needs, small enough to embed in every letter. */
export const MAX_IMAGE_BYTES = 512 * 1024;
/** Pixels per side: below, a seal or signature cannot be printed legibly; above, it is a photo, not an image of one. */
export const IMAGE_MIN_PX = 32;
export const IMAGE_MAX_PX = 4000;

const FIELD = '(body)';

const invalidImage = (vi: string, en: string, code: 'validation' | 'payload_too_large' | 'unsupported_media_type' = 'validation') =>
  new AppError(code, { vi, en }, [{ field: FIELD, vi, en }]);

/** The PNG of a request body (Content-Type: image/png), or a 4xx naming the body. */
export function pngFromBody(contentType: string | undefined, body: string | undefined, isBase64Encoded: boolean): Uint8Array {
  if (!isMediaType(contentType, 'image/png')) {
    throw invalidImage('Hãy gửi tệp PNG với Content-Type: image/png.', 'Send the PNG file with Content-Type: image/png.', 'unsupported_media_type');
  }
  const raw = body ?? '';
  const size = isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'latin1');
  if (size > MAX_IMAGE_BYTES + 2) throw tooLarge();
  return isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'latin1');
}

const tooLarge = () =>
  invalidImage(`Tệp ảnh lớn hơn ${MAX_IMAGE_BYTES / 1024} KB.`, `The image file is larger than ${MAX_IMAGE_BYTES / 1024} KB.`, 'payload_too_large');

/** Checks an image for `kind`; returns what the audit records. */
export async function checkSignatureImage(kind: SignatureImageKind, png: Uint8Array): Promise<PngInfo> {
  const what = KIND_WORD[kind];
  if (png.length === 0) throw invalidImage(`${what.vi}: chưa có tệp.`, `${what.en}: no file was sent.`);
  if (png.length > MAX_IMAGE_BYTES) throw tooLarge();
  if (!Buffer.from(png.subarray(0, 8)).equals(PNG_SIGNATURE)) {
    throw invalidImage(`${what.vi} phải là tệp PNG (không đúng chữ ký tệp PNG).`, `${what.en} must be a PNG file (the PNG signature bytes are missing).`, 'unsupported_media_type');
  }
  let info: PngInfo;
  try {
    info = inspectPng(png);
  } catch (err) {
    if (!(err instanceof PngFormatError)) throw err;
    throw invalidImage(`${what.vi}: tệp PNG bị hỏng (${err.message}).`, `${what.en}: the PNG file is damaged (${err.message}).`);
  }
  const { width, height } = info;
  if (width < IMAGE_MIN_PX || height < IMAGE_MIN_PX || width > IMAGE_MAX_PX || height > IMAGE_MAX_PX) {
    throw invalidImage(
      `${what.vi}: kích thước ${width}×${height} điểm ảnh, cần từ ${IMAGE_MIN_PX} đến ${IMAGE_MAX_PX} mỗi chiều.`,
      `${what.en}: ${width}×${height} pixels; each side must be ${IMAGE_MIN_PX} to ${IMAGE_MAX_PX}.`,
    );
  }
  if (!info.hasAlpha) {
    throw invalidImage(`${what.vi} phải có nền trong suốt (kênh alpha).`, `${what.en} must have a transparent background (an alpha channel).`);
  }
  // The decoder that draws it into the letters must read every pixel of it, at the size the header says.
  try {
    const image = await (await PDFDocument.create()).embedPng(png);
    if (image.width !== width || image.height !== height) throw new Error('decoded size differs from the header');
  } catch {
    throw invalidImage(`${what.vi}: không đọc được dữ liệu ảnh của tệp PNG.`, `${what.en}: the PNG's image data cannot be decoded.`);
  }
  return info;
}

/** Stores a checked image and audits it on its owner's record. */
async function store(ctx: UseCaseContext, kind: SignatureImageKind, owner: string, entityPk: string, png: Uint8Array) {
  const info = await checkSignatureImage(kind, png);
  const sha256 = await putSignatureImage(kind, owner, png);
  const details = { kind, sha256, bytes: png.length, width: info.width, height: info.height, ...(info.pixelsPerMm ? { pixelsPerMm: info.pixelsPerMm } : {}) };
  await transactWrite([auditPut(entityPk, auditOf(ctx, kind === 'seal' ? 'agency.sealImage' : 'person.signatureImage', { details }))]);
  return details;
}

/** PUT /agencies/{code}/seal-image (administrators). */
export async function uploadSealImage(ctx: UseCaseContext, code: string, png: Uint8Array) {
  await requireAgency(code);
  return { agencyCode: code, ...(await store(ctx, 'seal', code, keys.agency(code).PK, png)) };
}

/** PUT /people/{personId}/signature-image (administrators) and PUT /me/signature-image (the person). */
export async function uploadSignatureImage(ctx: UseCaseContext, personId: string, png: Uint8Array) {
  await requirePerson(personId);
  return { personId, ...(await store(ctx, 'signature', personId, keys.person(personId).PK, png)) };
}
