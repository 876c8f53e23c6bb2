/**
 * Reading a seal or signature image (the GET routes and pages). Apart from the upload checks
 * (signature-images.ts), which decode the PNG with pdf-lib: a GET function bundles only this.
 */
import { getSignatureImage, type SignatureImageKind } from '../data/signature-image-store';
import { forbidden, notFound } from '../errors';
import type { UseCaseContext } from './context';

export const KIND_WORD: Record<SignatureImageKind, { vi: string; en: string }> = {
  seal: { vi: 'Hình ảnh con dấu', en: 'The seal image' },
  signature: { vi: 'Hình ảnh chữ ký', en: 'The signature image' },
};

/** The stored image, or 404. Anyone signed in may see a seal (it is on every issued letter); a signature only its owner and administrators. */
export async function readSignatureImage(ctx: UseCaseContext, kind: SignatureImageKind, owner: string): Promise<Uint8Array> {
  if (kind === 'signature' && owner !== ctx.actor.userId && !ctx.actor.roles.includes('admin')) {
    throw forbidden({ vi: 'Chỉ người đó và quản trị viên xem được hình ảnh chữ ký.', en: 'Only the person and administrators may see a signature image.' });
  }
  const png = await getSignatureImage(kind, owner);
  if (!png) throw notFound(KIND_WORD[kind]);
  return png;
}
