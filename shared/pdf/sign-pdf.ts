/**
 * Signs a PDF with an incremental update (PDF 32000-1, 12.8): a signature field (visible with the
 * appearance given, signature-appearance.ts; else invisible on page 1) whose signature dictionary holds a detached CMS over every byte of the file except the CMS
 * itself (/ByteRange). Earlier revisions, and the signatures in them, stay byte for byte as they
 * were; the new signature covers the whole file as it is after this update.
 *
 * PAdES baseline (ETSI EN 319 142-1): SubFilter ETSI.CAdES.detached, the claimed signing time in /M
 * (the CMS carries none), and a signature time-stamp in the CMS when a TSA is given (B-T). The
 * catalog declares the ESIC extension (ISO 32000-1 plus PAdES, level 5: DSS and document
 * time-stamps) as EN 319 142-1 asks of a PDF 1.7 file. `addDocumentTimestamp` adds a document
 * time-stamp field (SubFilter ETSI.RFC3161, /Type /DocTimeStamp) the same way.
 *
 * The /Contents placeholder is sized from a dry run of the CMS with the real certificates, so the
 * file carries no kilobytes of padding zeros.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFRef, PDFString } from 'pdf-lib';
import type { Signer } from '../signing/signer';
import type { TimestampAuthority } from '../signing/timestamp';
import { createDetachedSignature } from './cms';
import { PdfRevision } from './pdf-revision';
import type { VisibleSignature } from './signature-appearance';

export interface SignOptions {
  /** Unique field name in the document, e.g. "Signer" or "Agency". */
  fieldName: string;
  /** Shown by PDF readers: who signed (the person or the agency). */
  name: string;
  /** Shown by PDF readers: what the signature means, e.g. "Ký ban hành". */
  reason: string;
  signingTime: Date;
  /** The time-stamping authority for the signature time-stamp (PAdES-B-T); without it, B-B. */
  timestamp?: TimestampAuthority;
  /**
   * Where the widget goes and what it shows (signature-appearance.ts), drawn inside this update so
   * the signature covers its own appearance; without it, an invisible 0×0 field on page 1.
   */
  appearance?: VisibleSignature;
}

/** Width of each ByteRange number in the placeholder; 10 digits cover files up to 9.3 GiB. */
const RANGE_DIGITS = 10;
/** Room for DER length fields that might grow by a byte or two between dry run and real run. */
const CMS_SLACK = 32;
/** Room for a time-stamp token larger than the dry run's (another serial or nonce length, a longer TSA name). */
const TIMESTAMP_SLACK = 512;

/** A PDF text string in UTF-16BE with its byte order mark, as hex (safe for Vietnamese). */
const textString = (s: string) => `<FEFF${Buffer.from(s.normalize('NFC'), 'utf16le').swap16().toString('hex').toUpperCase()}>`;

const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

/** Placeholder size per certificate chain: the CMS size depends only on it (and the key size). */
const placeholderSizes = new Map<string, number>();

/**
 * The dry run asks the TSA once per chain and process for a token of the real size (a warm function
 * keeps it); each TSA gets its own entry, as its token size is its own.
 */
const tsaIds = new WeakMap<TimestampAuthority, number>();
let tsaCount = 0;
const tsaId = (tsa: TimestampAuthority | undefined) => {
  if (!tsa) return 0;
  if (!tsaIds.has(tsa)) tsaIds.set(tsa, ++tsaCount);
  return tsaIds.get(tsa)!;
};

async function placeholderBytes(signer: Signer, tsa: TimestampAuthority | undefined): Promise<number> {
  const chain = await signer.certificates();
  const id = `${createHash('sha256').update(Buffer.concat(chain)).digest('hex')}/${tsaId(tsa)}`;
  let size = placeholderSizes.get(id);
  if (size === undefined) {
    size = await dryRunSize(signer, tsa);
    placeholderSizes.set(id, size);
  }
  return size;
}

async function dryRunSize(signer: Signer, tsa: TimestampAuthority | undefined): Promise<number> {
  const [leaf] = await signer.certificates();
  const modulusBits = new X509Certificate(Buffer.from(leaf!)).publicKey.asymmetricKeyDetails?.modulusLength ?? 4096;
  const dry: Signer = { certificates: () => signer.certificates(), signDigest: async () => new Uint8Array(Math.ceil(modulusBits / 8)) };
  const cms = await createDetachedSignature(new Uint8Array(32), dry, tsa);
  return cms.length + CMS_SLACK + (tsa ? TIMESTAMP_SLACK : 0);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Adds the signature field to its page's annotations (page 1 for an invisible one) and the
 * document's AcroForm; a visible one gets its appearance drawn into this revision.
 */
async function addField(revision: PdfRevision, sigRef: PDFRef, fieldName: string, appearance?: VisibleSignature): Promise<void> {
  const { context, doc } = revision;
  const page = doc.getPage(appearance?.page ?? 0);
  const r = appearance?.rect;
  const widget = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(fieldName),
      V: sigRef,
      Rect: r ? [r.x, r.y, r.x + r.width, r.y + r.height].map(round2) : [0, 0, 0, 0],
      F: 132, // Print + Locked: printed with the page, and nobody can move it.
      P: page.ref,
      ...(appearance ? { AP: { N: await appearance.draw(revision) } } : {}),
    }),
  );
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    context.lookup(annots, PDFArray).push(widget);
    revision.write(annots);
  } else {
    page.node.set(PDFName.of('Annots'), context.obj([...(annots instanceof PDFArray ? annots.asArray() : []), widget]));
    revision.write(page.ref);
  }

  const catalog = doc.catalog;
  const acroFormEntry = catalog.get(PDFName.of('AcroForm'));
  const acroForm = acroFormEntry instanceof PDFRef ? context.lookup(acroFormEntry, PDFDict) : acroFormEntry instanceof PDFDict ? acroFormEntry : context.obj({});
  const fields = acroForm.get(PDFName.of('Fields'));
  const fieldList = fields instanceof PDFRef ? context.lookup(fields, PDFArray).asArray() : fields instanceof PDFArray ? fields.asArray() : [];
  acroForm.set(PDFName.of('Fields'), context.obj([...fieldList, widget]));
  acroForm.set(PDFName.of('SigFlags'), context.obj(3)); // SignaturesExist + AppendOnly
  if (acroFormEntry instanceof PDFRef) revision.write(acroFormEntry);
  else catalog.set(PDFName.of('AcroForm'), acroForm);
  declarePades(revision);
}

/** The ESIC developer extension (EN 319 142-1, 5.6: PDF 1.7 with PAdES, level 5), in the catalog once. */
export function declarePades(revision: PdfRevision): void {
  const { context, doc } = revision;
  const catalog = doc.catalog;
  const extensions = catalog.lookupMaybe(PDFName.of('Extensions'), PDFDict) ?? context.obj({});
  extensions.set(PDFName.of('ESIC'), context.obj({ BaseVersion: PDFName.of('1.7'), ExtensionLevel: 5 }));
  catalog.set(PDFName.of('Extensions'), extensions);
  const root = context.trailerInfo.Root;
  if (root instanceof PDFRef) revision.write(root);
}

/**
 * An incremental update adding a signature field whose dictionary is `dictionary` (with the
 * /ByteRange and /Contents placeholders given), then /Contents filled with `contentsOf(digest)`.
 */
async function appendSignatureField(
  pdf: Uint8Array,
  fieldName: string,
  contentsBytes: number,
  dictionary: (byteRange: string, contents: string) => string,
  contentsOf: (digest: Uint8Array) => Promise<Uint8Array>,
  appearance?: VisibleSignature,
): Promise<Uint8Array> {
  const revision = await PdfRevision.open(pdf);
  const mark = revision.context.largestObjectNumber;
  const zeros = '0'.repeat(RANGE_DIGITS);
  const sigRef = revision.writeRaw(dictionary(`/ByteRange [0 ${zeros} ${zeros} ${zeros}]`, `/Contents <${'0'.repeat(contentsBytes * 2)}>`));
  await addField(revision, sigRef, fieldName, appearance);
  revision.writeNewSince(mark);
  const { pdf: out, bodyOffsets } = revision.append();

  // Find the placeholders inside the signature dictionary we just wrote.
  const bodyStart = bodyOffsets.get(sigRef.objectNumber)!;
  const buffer = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const rangeAt = buffer.indexOf('/ByteRange [0 ', bodyStart, 'latin1') + '/ByteRange [0 '.length;
  const contentsStart = buffer.indexOf('/Contents <', bodyStart, 'latin1') + '/Contents '.length;
  const contentsEnd = contentsStart + 2 + contentsBytes * 2; // '<' hex '>'
  const ranges = [contentsStart, contentsEnd, out.length - contentsEnd];
  buffer.write(ranges.map((n) => String(n).padStart(RANGE_DIGITS, '0')).join(' '), rangeAt, 'latin1');

  const digest = createHash('sha256').update(buffer.subarray(0, contentsStart)).update(buffer.subarray(contentsEnd)).digest();
  const contents = await contentsOf(digest);
  if (contents.length > contentsBytes) throw new Error(`Signature of ${contents.length} bytes does not fit its ${contentsBytes}-byte placeholder`);
  buffer.write(Buffer.from(contents).toString('hex').toUpperCase(), contentsStart + 1, 'latin1');
  return out;
}

export async function signPdf(pdf: Uint8Array, signer: Signer, options: SignOptions): Promise<Uint8Array> {
  const contentsBytes = await placeholderBytes(signer, options.timestamp);
  return appendSignatureField(
    pdf,
    options.fieldName,
    contentsBytes,
    (byteRange, contents) =>
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${byteRange} ${contents} ` +
      `/M (${pdfDate(options.signingTime)}) /Name ${textString(options.name)} /Reason ${textString(options.reason)} >>`,
    (digest) => createDetachedSignature(digest, signer, options.timestamp),
    options.appearance,
  );
}

/** Token sizes of the document time-stamp's dry run, per TSA. */
const tokenSizes = new WeakMap<TimestampAuthority, number>();

/**
 * A document time-stamp (EN 319 142-1, 5.4.3; PAdES-B-LTA on top of a DSS): a signature field whose
 * /Contents is the TSA's token over the SHA-256 of the byte range, covering the whole file.
 */
export async function addDocumentTimestamp(pdf: Uint8Array, tsa: TimestampAuthority, fieldName = 'DocTimeStamp'): Promise<Uint8Array> {
  let size = tokenSizes.get(tsa);
  if (size === undefined) {
    size = (await tsa.timestamp(new Uint8Array(32))).length + TIMESTAMP_SLACK;
    tokenSizes.set(tsa, size);
  }
  return appendSignatureField(
    pdf,
    fieldName,
    size,
    (byteRange, contents) => `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${byteRange} ${contents} >>`,
    (digest) => tsa.timestamp(new Uint8Array(digest)),
  );
}
