/**
 * Appends an incremental update to a PDF (PDF 32000-1, 7.5.6): the changed and new objects, a
 * cross-reference table for just those objects and a trailer pointing back (/Prev) at the previous
 * one. The bytes already in the file are never touched, which is what keeps an earlier signature
 * valid: its byte range still hashes to the same digest.
 *
 * pdf-lib's save() rewrites the whole file, and @signpdf/placeholder-plain only appends a signature
 * placeholder (through string matching that its maintainers call "plain": no cross-reference
 * streams, trouble with existing annotations), so the number stamp and both signatures share this
 * small writer. It writes classic xref tables; renderLetter writes one too, so the revisions agree.
 */
import type { PDFObject, PDFRef } from 'pdf-lib';

export interface UpdatedObject {
  ref: PDFRef;
  /** The object's body, without "n g obj" / "endobj". */
  body: Uint8Array;
}

export interface TrailerEntries {
  /** Largest object number in the file, plus one. */
  size: number;
  root: PDFRef;
  info?: PDFRef;
  /** The file identifier pair, as written: `[<…> <…>]`. */
  id?: string;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** An object's bytes as pdf-lib writes them (dictionaries, arrays, streams alike). */
export function serializeObject(object: PDFObject): Uint8Array {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

/** The offset of the last cross-reference section: the number after the file's last `startxref`. */
export function lastStartXref(pdf: Uint8Array): number {
  // The trailer sits at the very end; 1 KiB covers it with room for trailing garbage some tools add.
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!match) throw new Error('No startxref at the end of the PDF');
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= pdf.length) throw new Error('startxref points outside the PDF');
  return offset;
}

/** Cross-reference subsections: runs of consecutive object numbers, each entry exactly 20 bytes. */
function xrefTable(entries: { num: number; gen: number; offset: number }[]): string {
  const sorted = [...entries].sort((a, b) => a.num - b.num);
  const sections: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.num === sorted[j]!.num + 1) j++;
    const run = sorted.slice(i, j + 1);
    sections.push(`${run[0]!.num} ${run.length}\n`);
    for (const e of run) sections.push(`${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`);
    i = j + 1;
  }
  return `xref\n${sections.join('')}`;
}

/**
 * The original bytes followed by one update revision. Returns the new file and the offset of each
 * written object's body (a signature's placeholder is found from there).
 */
export function appendIncrementalUpdate(
  original: Uint8Array,
  objects: readonly UpdatedObject[],
  trailer: TrailerEntries,
): { pdf: Uint8Array; bodyOffsets: Map<number, number> } {
  const nums = new Set<number>();
  for (const { ref } of objects) {
    if (nums.has(ref.objectNumber)) throw new Error(`Object ${ref.objectNumber} written twice in one update`);
    nums.add(ref.objectNumber);
  }
  const prev = lastStartXref(original);
  const chunks: Uint8Array[] = [original];
  let offset = original.length;
  const push = (bytes: Uint8Array) => {
    chunks.push(bytes);
    offset += bytes.length;
  };
  // The previous revision ends with "%%EOF" and maybe a newline; an update starts on its own line.
  if (original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d) push(latin1('\n'));

  const entries: { num: number; gen: number; offset: number }[] = [];
  const bodyOffsets = new Map<number, number>();
  for (const { ref, body } of objects) {
    entries.push({ num: ref.objectNumber, gen: ref.generationNumber, offset });
    const head = latin1(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    push(head);
    bodyOffsets.set(ref.objectNumber, offset);
    push(body);
    push(latin1('\nendobj\n'));
  }
  const xrefOffset = offset;
  const dict = [
    `/Size ${trailer.size}`,
    `/Root ${trailer.root.toString()}`,
    ...(trailer.info ? [`/Info ${trailer.info.toString()}`] : []),
    ...(trailer.id ? [`/ID ${trailer.id}`] : []),
    `/Prev ${prev}`,
  ].join(' ');
  push(latin1(`${xrefTable(entries)}trailer\n<< ${dict} >>\nstartxref\n${xrefOffset}\n%%EOF\n`));
  return { pdf: Buffer.concat(chunks), bodyOffsets };
}
