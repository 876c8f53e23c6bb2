import type { SigningAuthority } from '../domain/letter-format';

/**
 * Everything the PDF renderer needs to print one công văn, already resolved (addressee groups turned
 * into their printed lines, the signer's titles chosen). Plain data, so it can be built from a
 * dispatch record, a fixture or a form preview alike.
 */
export interface LetterModel {
  issuer: { parent?: string; name: string; code: string; place: string };
  draftingUnit: string;
  /** Absent while draft. */
  number?: number;
  /** YYYY-MM-DD; absent while draft. */
  issuedOn?: string;
  /** Trích yếu without "V/v". */
  subject: string;
  /** Printed under "Kính gửi". */
  addresseeLines: string[];
  /** Paragraphs separated by blank lines; single newlines inside a paragraph are soft wraps. */
  opening?: string;
  /** Text lines starting with "- " are bullets; other newlines separate paragraphs. */
  requirements: { n: number; text: string }[];
  /** Paragraphs separated by blank lines, like `opening`. */
  closing?: string;
  copies: { label: string; purpose?: string }[];
  /** e.g. ["VT", "CNTT"]. */
  archive: string[];
  signer: { authority: SigningAuthority | null; headTitle?: string; position: string; name: string };
  /** Prints "DỰ THẢO" and no number/date. */
  draft: boolean;
  /** Printed in a small footer on page 1 when present. */
  verificationUrl?: string;
  /** Year printed in a draft's otherwise blank date line ("năm 2024"); left blank when absent. */
  draftYear?: number;
}
