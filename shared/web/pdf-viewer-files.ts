import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * PDF.js (pdfjs-dist, from the registry) served from our own origin, so the letter can be drawn into
 * canvases on phones, whose browsers leave a PDF in an iframe blank. The two prebuilt ES modules are
 * read from disk as they are: in AWS the web-get function ships them beside its bundle and names the
 * folder in PDFJS_DIR (infra/aws/handler-function.ts); locally they come from node_modules.
 */
export const PDFJS_FILES = ['pdf.min.mjs', 'pdf.worker.min.mjs'] as const;
export type PdfjsFile = (typeof PDFJS_FILES)[number];

/** Where the files are: PDFJS_DIR, or the installed package's build/ folder. */
export function pdfjsDir(): string {
  const dir = process.env['PDFJS_DIR'];
  if (dir) return dir;
  return path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'build');
}

const cache = new Map<PdfjsFile, string>();

/** The file's text, read once per process (1.7 MB together: not worth reading per request). */
export function pdfjsFile(name: PdfjsFile): string {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(path.join(pdfjsDir(), name), 'utf8')));
  return text;
}
