/**
 * The latest revision of a PDF opened with pdf-lib for reading, plus what an incremental update
 * needs from it. pdf-lib parses every object in file order, so a later revision's objects replace
 * earlier ones; we only ever write the objects we changed (incremental-update.ts), never save().
 */
import { PDFDocument, PDFRef, type PDFObject } from 'pdf-lib';
import { appendIncrementalUpdate, serializeObject, type UpdatedObject } from './incremental-update';

export class PdfRevision {
  private readonly changed = new Map<number, PDFRef>();
  private readonly raw = new Map<number, Uint8Array>();

  private constructor(
    readonly bytes: Uint8Array,
    readonly doc: PDFDocument,
  ) {}

  static async open(bytes: Uint8Array): Promise<PdfRevision> {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    return new PdfRevision(bytes, doc);
  }

  get context() {
    return this.doc.context;
  }

  /** Marks an object (new, or changed in memory) to be written in the update. */
  write(ref: PDFRef): void {
    this.changed.set(ref.objectNumber, ref);
  }

  /** A new object whose body we write ourselves (a signature dictionary with its placeholders). */
  writeRaw(body: string | Uint8Array): PDFRef {
    const ref = this.context.nextRef();
    this.raw.set(ref.objectNumber, typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    this.changed.set(ref.objectNumber, ref);
    return ref;
  }

  /** Every object registered in the context after `mark` (its largest object number then). */
  writeNewSince(mark: number): void {
    for (const [ref] of this.context.enumerateIndirectObjects()) if (ref.objectNumber > mark) this.write(ref);
  }

  /** The file with the update appended, and where each written object's body starts. */
  append(): { pdf: Uint8Array; bodyOffsets: Map<number, number> } {
    const objects: UpdatedObject[] = [...this.changed.values()].map((ref) => {
      const raw = this.raw.get(ref.objectNumber);
      if (raw) return { ref, body: raw };
      const object: PDFObject | undefined = this.context.lookup(ref);
      if (!object) throw new Error(`Object ${ref.toString()} marked for writing but not found`);
      return { ref, body: serializeObject(object) };
    });
    const { Root, Info, ID } = this.context.trailerInfo;
    if (!(Root instanceof PDFRef)) throw new Error('The PDF has no catalog reference');
    return appendIncrementalUpdate(this.bytes, objects, {
      size: this.context.largestObjectNumber + 1,
      root: Root,
      ...(Info instanceof PDFRef ? { info: Info } : {}),
      ...(ID ? { id: ID.toString() } : {}),
    });
  }
}
