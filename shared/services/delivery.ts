import { loadDirectory } from '../data/directory-repo';
import { currentCorrelationId } from '../correlation';
import { completeDelivery, getDispatch } from '../data/dispatch-repo';
import { createRecipients } from '../data/recipient-repo';
import { expandRecipients } from '../domain/recipients';
import { vietnamDate } from '../domain/time';
import { putPdf } from '../pdf/store';
import { sha256 } from './context';
import { pdfKeyOf } from './letter';
import { issuedPdfOf } from './signatures';

/**
 * After a dispatch is issued: number, date and agency-sign the signer's PDF (signatures.ts), store
 * it with its SHA-256, and create one recipient record per unit (each record then triggers its own
 * email). Safe to run again: the PDF is built from the same data (with new time-stamps) and
 * overwritten, its hash recorded with it at completion, existing recipients are kept, and
 * completion is a conditional write.
 */
export async function deliverDispatch(dispatchId: string): Promise<'done' | 'skipped'> {
  const dispatch = await getDispatch(dispatchId);
  if (!dispatch || dispatch.state !== 'issued' || dispatch.deliveryStatus !== 'pending') return 'skipped';

  const directory = await loadDirectory();
  const pdf = await issuedPdfOf(dispatch, directory);
  const hash = sha256(pdf);
  const key = pdfKeyOf(dispatch);
  await putPdf(key, pdf, hash);

  const { recipients } = expandRecipients(dispatch.content.addressees, dispatch.content.copies, directory);
  const at = new Date().toISOString();
  await createRecipients(dispatch.id, recipients, at, currentCorrelationId());
  // Recipients sent on paper are counted apart: `stats.recipients` is who is tracked (and owes a response).
  const paper = recipients.filter((r) => r.delivery === 'paper').length;
  await completeDelivery({
    current: dispatch,
    pdfKey: key,
    pdfSha256: hash,
    recipients: recipients.length - paper,
    paper,
    sentOn: vietnamDate(new Date(at)),
    audit: {
      at,
      actor: 'system:dispatch-delivery',
      action: 'pdf.stored',
      documentHash: hash,
      details: { key, recipients: recipients.length - paper, paper },
    },
  });
  return 'done';
}
