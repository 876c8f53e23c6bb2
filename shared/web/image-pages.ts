/**
 * The staff pages of the seal and signature images: the person's own page, the upload forms on the
 * agency and person edit forms, and the stored PNGs they show. Uploads go through the same checks and
 * audit as the API (services/signature-images.ts); a refused file is a 4xx page naming the field.
 */
import { getSignatureImage, type SignatureImageKind } from '../data/signature-image-store';
import { AppError } from '../errors';
import { fileFromMultipart } from '../http/multipart';
import { isMediaType } from '../domain/media-type';
import { pngResult } from '../http/png-result';
import type { HttpResult } from '../http/responses';
import { contextFor } from '../services/context';
import { MAX_IMAGE_BYTES, readSignatureImage, uploadSealImage, uploadSignatureImage } from '../services/signature-images';
import { imageUploadCard, mySignaturePage, type ImageCard } from '../../templates/pages/app-images';
import { pageResult, redirect, type PageRequest } from './page-http';

/** A form's part headers and CSRF field around the file. */
const MULTIPART_OVERHEAD = 16 * 1024;

/** The PNG of the form's `file` field, with the same 4xx as the API for a missing or oversized file. */
export function uploadedPng(req: PageRequest): Uint8Array {
  const { event } = req;
  const contentType = event.headers['content-type'] ?? '';
  const refuse = (code: 'validation' | 'payload_too_large' | 'unsupported_media_type', vi: string, en: string) => new AppError(code, { vi, en }, [{ field: 'file', vi, en }]);
  if (!isMediaType(contentType, 'multipart/form-data', ['boundary'])) throw refuse('unsupported_media_type', 'Biểu mẫu phải gửi dạng multipart/form-data.', 'The form must be sent as multipart/form-data.');
  const raw = event.body ?? '';
  const size = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'latin1');
  if (size > MAX_IMAGE_BYTES + MULTIPART_OVERHEAD) throw refuse('payload_too_large', `Tệp ảnh lớn hơn ${MAX_IMAGE_BYTES / 1024} KB.`, `The image file is larger than ${MAX_IMAGE_BYTES / 1024} KB.`);
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'latin1');
  try {
    return fileFromMultipart(body, contentType, 'file');
  } catch {
    throw refuse('validation', 'Chưa chọn tệp ảnh PNG.', 'No PNG file was chosen.');
  }
}

const stored = async (kind: SignatureImageKind, owner: string) => Boolean(await getSignatureImage(kind, owner));

/** The card for an agency's or person's edit form. */
export async function imageCardFor(req: PageRequest, kind: SignatureImageKind, owner: string) {
  const base = kind === 'seal' ? `/app/agencies/${encodeURIComponent(owner)}/seal` : `/app/people/${encodeURIComponent(owner)}/signature`;
  const card: ImageCard = { kind, imageUrl: `${base}.png`, action: base, stored: await stored(kind, owner) };
  return imageUploadCard(req, card);
}

export async function showMySignature(req: PageRequest): Promise<HttpResult> {
  return pageResult(200, mySignaturePage(req, { stored: await stored('signature', req.actor.userId), saved: req.query['done'] === '1' }));
}

export async function saveMySignature(req: PageRequest): Promise<HttpResult> {
  await uploadSignatureImage(contextFor(req.actor), req.actor.userId, uploadedPng(req));
  return redirect('/app/me/signature?done=1');
}

export async function saveAgencySeal(req: PageRequest): Promise<HttpResult> {
  const code = req.params['code']!;
  await uploadSealImage(contextFor(req.actor), code, uploadedPng(req));
  return redirect(`/app/agencies?edit=${encodeURIComponent(code)}&done=${encodeURIComponent(code)}`);
}

export async function savePersonSignature(req: PageRequest): Promise<HttpResult> {
  const personId = req.params['personId']!;
  await uploadSignatureImage(contextFor(req.actor), personId, uploadedPng(req));
  return redirect(`/app/people?edit=${encodeURIComponent(personId)}&done=${encodeURIComponent(personId)}`);
}

/** The stored PNG for an <img> of these pages (same rules as the API's GET). */
export async function imageOf(req: PageRequest, kind: SignatureImageKind, owner: string): Promise<HttpResult> {
  return pngResult(await readSignatureImage(contextFor(req.actor), kind, owner));
}
