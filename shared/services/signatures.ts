/**
 * The two signatures of an outgoing dispatch (Nghị định 30/2020, Điều 14–15 for electronic
 * documents): the signer's, applied when they approve, and the agency's, applied by the clerical
 * office (Văn thư) with the number and the date. Both stay valid in the issued file: the number and
 * date and then the agency's signature are incremental updates of the signer's signed file.
 *
 * Both are PAdES baseline signatures with a signature time-stamp (B-T); after the agency's, the
 * issued file gets the long-term validation data (DSS, B-LT) and a document time-stamp (B-LTA), so
 * it can be checked outside the system after the certificates expire. A TSA or revocation source
 * that does not answer fails the step; nothing is stored half done.
 */
import type { DispatchRecord } from '../data/dispatch-repo';
import { loadDirectory } from '../data/directory-repo';
import type { Directory } from '../domain/recipients';
import { config } from '../config';
import { addNumberAndDate } from '../pdf/number-stamp';
import { renderLetter } from '../pdf/render-letter';
import { addDocumentTimestamp, signPdf } from '../pdf/sign-pdf';
import { addLongTermValidation } from '../pdf/ltv';
import { revocationSource, timestampAuthority } from '../signing/trust';
import { signers } from '../signing/signers';
import { getPdf, putPdf } from '../pdf/store';
import { agencySigner, personSigner } from './signing-identities';
import { conflict } from '../errors';
import { sha256, type UseCaseContext } from './context';
import { transition } from './dispatches';
import { letterOf } from './letter';
import { PDFDocument } from 'pdf-lib';
import { getSignatureImage } from '../data/signature-image-store';
import { agencyAppearance, signatureBlockOf, signatureWidgetOf, signerAppearance, type Rect, type SignatureBlock } from '../pdf/signature-appearance';
import { MM } from '../pdf/layout-constants';

export const verificationUrlOf = (dispatchId: string) => `${config().PUBLIC_BASE_URL}/verify/${encodeURIComponent(dispatchId)}`;

export const SIGNER_REASON = 'Ký duyệt ban hành / Approved for issue';
export const AGENCY_REASON = 'Văn thư cấp số, ngày và ban hành / Numbered, dated and issued by the clerical office';

const signedPdfKeyOf = (d: DispatchRecord, version: number) => `dispatches/${d.id}/signed-v${version}.pdf`;

/**
 * At sign: the final letter without number and date, signed with the named signer's key and stored.
 * Returns what the dispatch records (the caller writes it with the state change).
 */
export async function signAsSigner(
  dispatch: DispatchRecord,
  directory: Directory,
  signerUserId: string,
  at: Date,
): Promise<{ signedPdfKey: string; signedPdfSha256: string }> {
  const { signer, issuer } = dispatch.content;
  const model = { ...letterOf(dispatch, directory, verificationUrlOf(dispatch.id)), draft: false };
  const unsigned = await renderLetter(model, { withoutNumberAndDate: true });
  // Only the named signer's own key, certified for their record; never a key chosen from the letter's text.
  if (signerUserId !== dispatch.content.signer.userId) throw new Error('Only the named signer signs');
  const key = await personSigner(signerUserId);
  // Their handwritten signature between position and name (Nghị định 30/2020), or their name and the time.
  const appearance = signerAppearance(await signatureBlockOf(model), signer.name, at, await getSignatureImage('signature', signerUserId));
  const pdf = await signPdf(unsigned, key, { fieldName: 'Signer', name: signer.name, reason: SIGNER_REASON, signingTime: at, timestamp: timestampAuthority(), appearance });
  const hash = sha256(pdf);
  const signedPdfKey = signedPdfKeyOf(dispatch, dispatch.version + 1);
  await putPdf(signedPdfKey, pdf, hash);
  return { signedPdfKey, signedPdfSha256: hash };
}

/** POST /dispatches/{id}/sign: the named signer approves and signs in one act. */
export function signDispatch(ctx: UseCaseContext, id: string, seenVersion: number) {
  return transition(ctx, id, 'sign', seenVersion, undefined, async (current, at) =>
    signAsSigner(current, await loadDirectory(), ctx.actor.userId, at),
  );
}

/**
 * At issue (in the delivery consumer): number and date added to the signer's file, then the
 * agency's signature (B-T), the DSS (B-LT) and the document time-stamp (B-LTA). The claimed signing
 * time is the issue time recorded on the dispatch; the time-stamps are the TSA's, so a retry makes
 * other bytes (the delivery stores the file and its hash together).
 */
export async function issuedPdfOf(dispatch: DispatchRecord, directory: Directory): Promise<Uint8Array> {
  const model = letterOf(dispatch, directory, verificationUrlOf(dispatch.id));
  const { issuer } = dispatch.content;
  let numbered: Uint8Array;
  if (dispatch.signedPdfKey && dispatch.signedPdfSha256) {
    const signed = await getPdf(dispatch.signedPdfKey);
    if (sha256(signed) !== dispatch.signedPdfSha256) {
      throw conflict({
        vi: 'Tệp đã ký của người ký không còn khớp mã băm đã lưu.',
        en: "The signer's signed file no longer matches its stored hash.",
      });
    }
    numbered = await addNumberAndDate(signed, model);
  } else {
    // Signed before signatures existed in this system: only the agency's signature can be applied.
    numbered = await renderLetter(model);
  }
  // The seal of the agency the dispatch belongs to, applied only at issue.
  if (dispatch.state !== 'issued' && dispatch.state !== 'recalled') throw new Error('The agency seal is applied only at issue');
  const agency = await agencySigner(dispatch.agencyCode);
  const tsa = timestampAuthority();
  const signingTime = new Date(dispatch.issuedAt ?? `${dispatch.issuedOn}T00:00:00+07:00`);
  // The seal over the left third of the signer's signature as the signer's file shows it.
  const block = await signatureBlockOf(model);
  const appearance = await agencyAppearance(block, await signerRectIn(numbered, block), issuer.name, signingTime, await getSignatureImage('seal', dispatch.agencyCode));
  const sealed = await signPdf(numbered, agency, {
    fieldName: 'Agency',
    name: issuer.name,
    reason: AGENCY_REASON,
    signingTime,
    timestamp: tsa,
    appearance,
  });
  const withDss = await addLongTermValidation(sealed, revocationSource(), await signers().trustedRoots());
  return addDocumentTimestamp(withDss, tsa);
}

/** A signature image's usual width, for a signer's file with no visible signature (signed before images). */
const NOMINAL_SIGNATURE_WIDTH = 45 * MM;

/** The signer's widget in the file, or where a signature image would sit when it has none. */
async function signerRectIn(pdf: Uint8Array, block: SignatureBlock): Promise<Rect> {
  const widget = signatureWidgetOf(await PDFDocument.load(pdf, { updateMetadata: false }), 'Signer');
  if (widget && widget.rect.width > 0 && widget.rect.height > 0) return widget.rect;
  return { x: block.centre - NOMINAL_SIGNATURE_WIDTH / 2, y: block.gapBottom, width: NOMINAL_SIGNATURE_WIDTH, height: block.gapTop - block.gapBottom };
}
