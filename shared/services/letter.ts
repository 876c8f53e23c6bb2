import type { DispatchRecord } from '../data/dispatch-repo';
import { addresseeLine, type Directory } from '../domain/recipients';
import type { LetterModel } from '../pdf/letter-model';

/** The printed letter of a dispatch: a draft until it has a number, then the issued letter. */
export function letterOf(dispatch: DispatchRecord, directory: Directory, verificationUrl?: string): LetterModel {
  const c = dispatch.content;
  const issued = dispatch.number !== undefined && dispatch.issuedOn !== undefined;
  return {
    issuer: { name: c.issuer.name, code: c.issuer.code, place: c.issuer.place, ...(c.issuer.parent ? { parent: c.issuer.parent } : {}) },
    draftingUnit: c.draftingUnit,
    ...(issued ? { number: dispatch.number, issuedOn: dispatch.issuedOn } : {}),
    subject: c.subject,
    addresseeLines: c.addressees.map((a) => addresseeLine(a, directory)),
    ...(c.opening ? { opening: c.opening } : {}),
    requirements: c.requirements.map(({ n, text }) => ({ n, text })),
    ...(c.closing ? { closing: c.closing } : {}),
    copies: c.copies.map(({ label, purpose }) => ({ label, ...(purpose ? { purpose } : {}) })),
    archive: c.archive,
    signer: {
      authority: c.signer.authority,
      position: c.signer.position,
      name: c.signer.name,
      ...(c.signer.headTitle ? { headTitle: c.signer.headTitle } : {}),
    },
    draft: !issued,
    ...(verificationUrl ? { verificationUrl } : {}),
  };
}

export const pdfKeyOf = (d: Pick<DispatchRecord, 'id' | 'registerYear' | 'number' | 'content'>) =>
  `dispatches/${d.registerYear}/${d.content.issuer.code}/${String(d.number).padStart(2, '0')}-${d.id}.pdf`;
