/**
 * poppler-utils as an independent reader of our PDFs: what pdftotext extracts is what a user can
 * search and copy, and pdffonts/pdfinfo report what a viewer sees.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;

export const POPPLER_MISSING =
  'pdftotext not found: install poppler-utils (apt-get install -y poppler-utils) to run the PDF text checks';

const dir = mkdtempSync(path.join(tmpdir(), 'cong-van-pdf-'));
let count = 0;

/** Writes the PDF to a temporary file and returns its path. */
export function pdfFile(bytes: Uint8Array): string {
  const file = path.join(dir, `letter-${++count}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

export function removeTempFiles(): void {
  rmSync(dir, { recursive: true, force: true });
}

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

export const pdftotext = (file: string, ...options: string[]) => run('pdftotext', [...options, file, '-']);
export const pdfinfo = (file: string) => run('pdfinfo', [file]);
export const pdffonts = (file: string) => run('pdffonts', [file]);
/** pdfsig's whole report on a PDF (it exits non-zero for some findings, so both streams, never a throw). */
export const pdfsig = (bytes: Uint8Array) => {
  const out = spawnSync('pdfsig', [pdfFile(bytes)], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
};

/**
 * The text in reading order as one line: page-number lines dropped, all whitespace collapsed, so a
 * sentence reads the same whether or not it was wrapped or split across pages.
 */
export function flatText(layoutText: string): string {
  return layoutText
    .split(/\n|\f/)
    .filter((line) => !/^\s*\d+\s*$/.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Word boxes from `pdftotext -bbox` (points, origin at the top left). */
export function wordBoxes(file: string): PageWords[] {
  const html = pdftotext(file, '-bbox');
  const pages: PageWords[] = [];
  for (const page of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...page[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      (m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: decode(m[5]!) }),
    );
    pages.push({ width: Number(page[1]), height: Number(page[2]), words });
  }
  return pages;
}

export interface TextLine {
  /** Words joined by single spaces, NFC. */
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  words: Word[];
}

export interface PageLines {
  width: number;
  height: number;
  lines: TextLine[];
}

/**
 * Text lines with their boxes from `pdftotext -bbox-layout` (points, origin at the top left). Poppler
 * builds a line from words on one baseline in one column, so the two header columns and the Nơi nhận
 * and signature columns come out as separate lines; its block and flow grouping is ignored because
 * it mixes columns that share a band.
 */
export function textLines(file: string): PageLines[] {
  const html = pdftotext(file, '-bbox-layout');
  const box = (attrs: string) => {
    const m = /xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/.exec(attrs)!;
    return { xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) };
  };
  const pages: PageLines[] = [];
  for (const page of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const lines = [...page[3]!.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)].map((line) => {
      const words = [...line[2]!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({ ...box(w[1]!), text: decode(w[2]!) }));
      return { ...box(line[1]!), words, text: words.map((w) => w.text).join(' ').normalize('NFC') };
    });
    pages.push({ width: Number(page[1]), height: Number(page[2]), lines });
  }
  return pages;
}
