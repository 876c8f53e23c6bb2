/**
 * Reads the signatures of an untrusted PDF and checks each one, without trusting its structure:
 * every `/ByteRange [a b c d]` in the file is taken as a claimed signature, its numbers are checked
 * against the file, the gap between the two ranges must be exactly the hex `<…>` of the CMS, and the
 * CMS is checked against the SHA-256 of the two ranges (cms.ts). Nothing here parses the PDF's object
 * graph, so a hostile file can at most make a signature read as invalid.
 */
import { createHash } from 'node:crypto';
import { checkDetachedSignature, checkDocumentTimestamp, type SignatureCheck } from './cms';

export interface PdfSignatureReport extends SignatureCheck {
  /** The byte range as claimed: [start, length, start, length]. */
  byteRange: [number, number, number, number];
  /** The signature covers the whole file as given: nothing was appended after it. */
  coversWholeFile: boolean;
  reason?: string;
  /** `/SubFilter` as written: ETSI.CAdES.detached (PAdES), adbe.pkcs7.detached (older), ETSI.RFC3161 (document time-stamp). */
  subFilter?: string;
  /** A document time-stamp (its `timestamp` says what it proves) rather than someone's signature. */
  documentTimestamp?: boolean;
}

/** `refused`: not a PDF, or not one we can check safely; the problem says which. */
export type PdfCheck =
  | { kind: 'refused'; problem: { vi: string; en: string } }
  | { kind: 'pdf'; sha256: string; size: number; signatures: PdfSignatureReport[] };

/** Signatures larger than this are not ours (ours are about 2.5 KB): refuse to decode them. */
const MAX_CMS_HEX = 64 * 1024;
/**
 * Each claimed signature costs a hash of the file; a crafted file could claim thousands. Real
 * documents carry two (ours) or a handful.
 */
export const MAX_SIGNATURES = 16;

const PDF_HEADER = /^%PDF-\d\.\d/;

/** A PDF text string as written by sign-pdf.ts (hex UTF-16BE) or a literal ASCII string. */
function decodeTextString(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s+/g, '');
    if (!/^(FEFF|feff)([0-9A-Fa-f]{4})*$/.test(hex)) return undefined;
    return Buffer.from(hex.slice(4), 'hex').swap16().toString('utf16le');
  }
  return raw.slice(1, -1);
}

/** A PDF date `D:YYYYMMDDHHmmSS` with `Z` or an offset `+HH'mm'` (PDF 32000-1, 7.9.4). */
function decodePdfDate(raw: string | undefined): Date | undefined {
  const m = raw && /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(raw);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000 : 0;
  const date = new Date(utc - offset);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Total length of the DER element at the start of `der` (tag, length, content), if well-formed. */
function derLength(der: Uint8Array): number | undefined {
  if (der.length < 2) return undefined;
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return undefined;
  let n = 0;
  for (let i = 0; i < count; i++) n = n * 256 + der[2 + i]!;
  return 2 + count + n <= der.length ? 2 + count + n : undefined;
}

export function checkPdf(bytes: Uint8Array, trustedRoots: readonly Uint8Array[]): PdfCheck {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The header may follow up to 1 KiB of junk (PDF 32000-1, annex H); the end must be %%EOF.
  const head = buffer.subarray(0, 1024).toString('latin1');
  const headerAt = head.indexOf('%PDF-');
  if (headerAt < 0 || !PDF_HEADER.test(head.slice(headerAt))) {
    return { kind: 'refused', problem: { vi: 'Tệp không phải PDF (thiếu phần đầu %PDF-).', en: 'The file is not a PDF (no %PDF- header).' } };
  }
  if (!buffer.subarray(Math.max(0, buffer.length - 1024)).toString('latin1').includes('%%EOF')) {
    return { kind: 'refused', problem: { vi: 'Tệp PDF không trọn vẹn (thiếu %%EOF ở cuối).', en: 'The PDF is incomplete (no %%EOF at the end).' } };
  }

  const text = buffer.toString('latin1');
  const claimed = [...text.matchAll(/\/ByteRange\s*\[/g)].length;
  if (claimed > MAX_SIGNATURES) {
    return {
      kind: 'refused',
      problem: {
        vi: `Tệp có ${claimed} chữ ký số, nhiều hơn mức kiểm tra được (${MAX_SIGNATURES}).`,
        en: `The file claims ${claimed} digital signatures, more than can be checked (${MAX_SIGNATURES}).`,
      },
    };
  }
  const signatures: PdfSignatureReport[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g)) {
    const range = match.slice(1, 5).map(Number) as [number, number, number, number];
    const [a, b, c, d] = range;
    // Our own dictionaries put /Type, /Filter and /SubFilter before the ByteRange, /M, /Name and /Reason right after /Contents.
    const before = text.slice(Math.max(0, match.index - 256), match.index);
    const dict = text.slice(match.index, match.index + 512);
    const after = text.slice(c, Math.min(text.length, c + 512));
    const reason = decodeTextString(/\/Reason\s*(<[0-9A-Fa-f\s]*>|\([^)]*\))/.exec(dict + after)?.[1]);
    const claimedTime = decodePdfDate(/\/M\s*\((D:[^)]*)\)/.exec(dict + after)?.[1]);
    const subFilter = [...before.matchAll(/\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/g)].at(-1)?.[1];
    const documentTimestamp = subFilter === 'ETSI.RFC3161';
    const base = {
      byteRange: range,
      coversWholeFile: a === 0 && c + d === buffer.length,
      ...(reason ? { reason } : {}),
      ...(subFilter ? { subFilter } : {}),
      ...(documentTimestamp ? { documentTimestamp } : {}),
    };
    const gapOk = a === 0 && b > 0 && c > b + 1 && c + d <= buffer.length && c - b - 2 <= MAX_CMS_HEX && buffer[b] === 0x3c && buffer[c - 1] === 0x3e;
    const hex = gapOk ? text.slice(b + 1, c - 1) : '';
    if (!gapOk || !/^[0-9A-Fa-f]*$/.test(hex)) {
      signatures.push({ ...base, intact: false, trusted: false, problems: [{ vi: 'Phạm vi ký (/ByteRange) không hợp lệ.', en: 'The signed byte range (/ByteRange) is not valid.' }] });
      continue;
    }
    const digest = createHash('sha256').update(buffer.subarray(0, b)).update(buffer.subarray(c, c + d)).digest();
    // The hex is padded with zeros after the DER: keep exactly the length the DER header declares.
    const padded = Buffer.from(hex, 'hex');
    const cms = padded.subarray(0, derLength(padded) ?? padded.length);
    // Nothing signs the padding of the last /Contents: a byte changed there must still show.
    if (padded.subarray(cms.length).some((b) => b !== 0)) {
      signatures.push({ ...base, intact: false, trusted: false, problems: [{ vi: 'Có dữ liệu lạ sau chữ ký số trong /Contents.', en: 'Unexpected data follows the signature in /Contents.' }] });
      continue;
    }
    if (documentTimestamp) {
      const timestamp = checkDocumentTimestamp(cms, digest, trustedRoots);
      const problems = !timestamp
        ? [{ vi: 'Không đọc được dấu thời gian của tài liệu.', en: 'The document time-stamp cannot be read.' }]
        : [
            ...(timestamp.intact ? [] : [{ vi: 'Tài liệu đã bị thay đổi sau khi gắn dấu thời gian.', en: 'The document changed after its time-stamp.' }]),
            ...(timestamp.trusted ? [] : [{ vi: 'Dấu thời gian không do đơn vị cấp dấu thời gian tin cậy cấp.', en: 'The time-stamp was not issued by a trusted time-stamping authority.' }]),
          ];
      signatures.push({
        ...base,
        intact: timestamp?.intact ?? false,
        trusted: timestamp?.trusted ?? false,
        ...(timestamp ? { timestamp, signingTime: timestamp.time, chain: timestamp.chain, certificates: timestamp.certificates } : {}),
        problems,
      });
      continue;
    }
    signatures.push({ ...base, ...checkDetachedSignature(cms, digest, trustedRoots, claimedTime) });
  }
  return { kind: 'pdf', sha256: createHash('sha256').update(buffer).digest('hex'), size: buffer.length, signatures };
}
