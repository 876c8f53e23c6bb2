/**
 * Printing rules for a công văn, from Nghị định 30/2020/NĐ-CP (Phụ lục I). Pure functions: the PDF
 * renderer, the outgoing register and the web pages all print the same strings from here.
 *
 * Every function returns NFC text, so that what is printed, stored and searched compares equal.
 */

/** Signing authorities of Nghị định 30/2020 (ký thay, thừa lệnh, thừa ủy quyền, quyền, thay mặt). */
export type SigningAuthority = 'KT' | 'TL' | 'TUQ' | 'Q' | 'TM';

export interface SignerLines {
  authority: SigningAuthority | null;
  /** The head (or collective, after TM.) the signer signs for, e.g. "TỔNG CỤC TRƯỞNG". */
  headTitle?: string;
  /** The signer's own position, e.g. "PHÓ TỔNG CỤC TRƯỞNG". */
  position: string;
}

export interface SymbolParts {
  /** Absent while the document is a draft: the Văn thư writes the number when it is issued. */
  number?: number;
  /** Issuer abbreviation, e.g. "TCTHADS". */
  issuerCode: string;
  /** Drafting unit abbreviation, e.g. "CNTT"; empty when the issuer drafted it itself. */
  draftingUnit: string;
}

/**
 * Blank left for the number on a draft: wide enough to write "123" by hand, and a fixed width so that
 * drafts of the same letter line up.
 */
export const DRAFT_NUMBER_BLANK = ' '.repeat(5);
/** Blank left for the day and the month in a draft's date line. */
export const DRAFT_DATE_BLANK = ' '.repeat(6);

const nfc = (s: string) => s.normalize('NFC');
/** Collapses runs of whitespace: clerks paste text from Word with tabs and double spaces. */
const tidy = (s: string) => nfc(s).replace(/\s+/g, ' ').trim();
const upper = (s: string) => tidy(s).toLocaleUpperCase('vi-VN');

/** "05", "12", "123": numbers below 10 take a leading zero. */
export function formatNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A document number is a positive integer, got ${n}`);
  return String(n).padStart(2, '0');
}

/**
 * The number and symbol as stored in the register: "05/TCTHADS-CNTT". A draft has a blank instead of
 * the number ("     /TCTHADS-CNTT").
 */
export function formatSymbolText({ number, issuerCode, draftingUnit }: SymbolParts): string {
  const symbol = draftingUnit.trim() ? `${issuerCode.trim()}-${draftingUnit.trim()}` : issuerCode.trim();
  return nfc(`${number === undefined ? DRAFT_NUMBER_BLANK : formatNumber(number)}/${symbol}`);
}

/** The printed line: "Số: 05/TCTHADS-CNTT"; on a draft "Số:      /TCTHADS-CNTT". */
export function formatSymbol(parts: SymbolParts): string {
  return `Số: ${formatSymbolText(parts)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(isoDate: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${isoDate}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Round-trip through UTC to reject 2024-02-30 and friends.
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: "${isoDate}"`);
  }
  return { year, month, day };
}

/**
 * "Hà Nội, ngày 05 tháng 01 năm 2020", "Hà Nội, ngày 29 tháng 6 năm 2019".
 *
 * Days below 10 and the months 1 and 2 take a leading zero (so that "tháng 1" cannot be altered into
 * "tháng 12" by hand); months 3 to 12 do not.
 *
 * A draft (no date) prints blanks for the day and the month, as offices print drafts:
 * "Hà Nội, ngày       tháng       năm 2024" when the year is known (pass `draftYear`), otherwise the
 * year is left blank too.
 */
export function formatDateLine(place: string, isoDate?: string, draftYear?: number): string {
  const where = tidy(place);
  if (isoDate === undefined) {
    const year = draftYear === undefined ? DRAFT_DATE_BLANK : String(draftYear);
    return `${where}, ngày ${DRAFT_DATE_BLANK} tháng ${DRAFT_DATE_BLANK} năm ${year}`;
  }
  const { year, month, day } = parseIsoDate(isoDate);
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${where}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/**
 * The upper-case bold lines above the signature:
 * - KT. / TL. / TUQ.: ["KT. TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG"] (the head signed for, then the
 *   signer's own position);
 * - TM.: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] (the collective, then the position);
 * - Q.: ["Q. TỔNG CỤC TRƯỞNG"] (an acting head signs under the head's title);
 * - none: ["TỔNG CỤC TRƯỞNG"].
 *
 * The schema requires `headTitle` with KT./TL./TUQ./TM.; should it be missing anyway the prefix goes
 * on the position, so the renderer never fails on it.
 */
export function formatAuthority(signer: SignerLines): string[] {
  const position = upper(signer.position);
  const { authority } = signer;
  if (authority === null) return [position];
  if (authority === 'Q') return [`Q. ${position}`];
  const head = signer.headTitle ? upper(signer.headTitle) : '';
  return head ? [`${authority}. ${head}`, position] : [`${authority}. ${position}`];
}

/** Strips what a clerk may already have typed around an entry: a leading "- ", a trailing ";" or ".". */
function bareEntry(line: string): string {
  return tidy(line)
    .replace(/^[-–•]\s*/, '')
    .replace(/[\s;.,]+$/, '');
}

export type AddresseeBlock =
  /** One addressee: "Kính gửi: Bộ Tài chính." on a single line. */
  | { kind: 'inline'; text: string }
  /** Several: "Kính gửi:" then one "- X;" per line, "." after the last. */
  | { kind: 'list'; heading: string; items: string[] };

export const KINH_GUI = 'Kính gửi:';

/** Formats the "Kính gửi" block. Throws on an empty list: a công văn always has an addressee. */
export function formatAddressees(lines: string[]): AddresseeBlock {
  const entries = lines.map(bareEntry).filter((l) => l.length > 0);
  if (entries.length === 0) throw new RangeError('A công văn needs at least one addressee');
  if (entries.length === 1) return { kind: 'inline', text: `${KINH_GUI} ${entries[0]}.` };
  return {
    kind: 'list',
    heading: KINH_GUI,
    items: entries.map((e, i) => `- ${e}${i === entries.length - 1 ? '.' : ';'}`),
  };
}

export interface CopyEntry {
  label: string;
  /** e.g. "để b/c"; printed in parentheses after the label. */
  purpose?: string;
}

/**
 * The "Nơi nhận" entries: "- Như trên;" (everyone in Kính gửi), the copies with their purpose, and
 * "- Lưu: VT, TT." last. Pass `asAbove: false` for a letter without a Kính gửi block.
 */
export function formatCopies(copies: CopyEntry[], archive: string[], options: { asAbove?: boolean } = {}): string[] {
  const entries: string[] = [];
  if (options.asAbove ?? true) entries.push('Như trên');
  for (const copy of copies) {
    const label = bareEntry(copy.label);
    if (!label) continue;
    const purpose = copy.purpose ? tidy(copy.purpose).replace(/^\((.*)\)$/, '$1') : '';
    entries.push(purpose ? `${label} (${purpose})` : label);
  }
  const kept = archive.map(bareEntry).filter((a) => a.length > 0);
  return [...entries.map((e) => `- ${e};`), `- Lưu: ${kept.join(', ')}.`];
}
