import { visibleText } from '../domain/visible-text';

/**
 * Line breaking and alignment by measured glyph widths. Pure: the caller passes a `Measure` for one
 * font at one size, so these functions are tested with a fake monospace font and used with Tinos.
 */

/** Width of `text` in points, for one font at one size. */
export type Measure = (text: string) => number;

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface WrapOptions {
  /** Width of the column, in points. */
  width: number;
  /** Indent of the first line from the column's left edge (first-line indent of a paragraph). */
  firstIndent?: number;
  /** Indent of the following lines (hanging indent of a list entry). */
  restIndent?: number;
}

export interface Line {
  /** The words of the line joined by single spaces. */
  text: string;
  /** Offset of the line's left edge from the column's left edge when left-aligned. */
  indent: number;
  /** Natural width of `text`. */
  width: number;
  /** Room the line had: column width minus indent. */
  available: number;
  /** Number of spaces in `text`: where justification adds room. */
  spaces: number;
  /** Last line of its paragraph: never justified. */
  last: boolean;
}

/** A line placed in its column: where it starts and how much room to add at each space. */
export interface PlacedLine {
  x: number;
  wordSpacing: number;
}

/**
 * A no-break space glues two words onto the same line, e.g. inside "(để b/c)". It is drawn, and
 * extracted, as an ordinary space.
 */
export const GLUE = '\u00A0';

/** NFC, single spaces, no leading or trailing blanks: what one line of a paragraph may contain. */
export function normalizeInline(text: string): string {
  // Every blank but the glue collapses to one space.
  return visibleText(text.normalize('NFC')).replace(/[^\S\u00A0]+/g, ' ').replace(/^ | $/g, '');
}

/** Glues the words of every parenthesised group, so "(để b/c)" never breaks across lines. */
export function glueParentheses(text: string): string {
  return text.replace(/\([^()]*\)/g, (group) => group.replace(/ /g, GLUE));
}

/**
 * Splits text into paragraphs.
 * - 'blank-lines': paragraphs are separated by blank lines and a single newline is a soft wrap (how
 *   text pasted from a hard-wrapped source reads), except before a "- " bullet, which always starts
 *   its own paragraph;
 * - 'newlines': every newline starts a paragraph (how requirements with "- " bullets are entered).
 */
export function splitParagraphs(text: string, mode: 'blank-lines' | 'newlines'): string[] {
  const unified = text.normalize('NFC').replace(/\r\n?/g, '\n');
  const parts = mode === 'blank-lines' ? unified.split(/\n[ \t]*\n|\n(?=[ \t]*- )/) : unified.split('\n');
  return parts.map(normalizeInline).filter((p) => p.length > 0);
}

/**
 * Cuts a word wider than the line into pieces that fit (URLs, long symbols). Each piece keeps at least
 * one character so that even an absurdly narrow column terminates.
 */
function breakLongWord(word: string, measure: Measure, width: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current && measure(current + ch) > width) {
      pieces.push(current);
      current = ch;
    } else {
      current += ch;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Greedy line breaking at spaces, as word processors do: a word goes on the current line when it fits,
 * otherwise it starts the next one. Widths are additive (no kerning is applied when drawing), so a
 * line's width is the sum of its words and spaces.
 */
export function wrapText(text: string, measure: Measure, options: WrapOptions): Line[] {
  const words = normalizeInline(text).split(' ').filter((w) => w.length > 0);
  const plain = (w: string) => w.replaceAll(GLUE, ' ');
  if (words.length === 0) return [];
  const firstIndent = options.firstIndent ?? 0;
  const restIndent = options.restIndent ?? 0;
  const spaceWidth = measure(' ');
  const lines: Line[] = [];

  let lineWords: string[] = [];
  let lineWidth = 0;
  const indent = () => (lines.length === 0 ? firstIndent : restIndent);
  const available = () => Math.max(0, options.width - indent());
  const flush = () => {
    const text = plain(lineWords.join(' '));
    const spaces = text.split(' ').length - 1;
    lines.push({ text, indent: indent(), width: lineWidth, available: available(), spaces, last: false });
    lineWords = [];
    lineWidth = 0;
  };

  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    const w = measure(plain(word));
    const needed = lineWords.length === 0 ? w : lineWidth + spaceWidth + w;
    if (needed <= available() + 1e-6) {
      lineWords.push(word);
      lineWidth = needed;
      i++;
    } else if (lineWords.length > 0) {
      flush(); // and try the word again on the next line
    } else {
      // Alone on its line and still too wide: put the part that fits here, the rest flows on.
      const [head, ...rest] = breakLongWord(plain(word), measure, available());
      lineWords.push(head!);
      lineWidth = measure(head!);
      flush();
      words.splice(i, 1, ...rest);
      if (rest.length === 0) i++;
    }
  }
  if (lineWords.length > 0) flush();
  lines[lines.length - 1]!.last = true;
  return lines;
}

/**
 * Where a line starts in a column of `columnWidth`, and the extra room per space. A justified line
 * spreads its slack over its spaces, except the last line of a paragraph (left-aligned) and a line
 * without spaces.
 */
export function placeLine(line: Line, align: Align, columnWidth: number): PlacedLine {
  switch (align) {
    case 'left':
      return { x: line.indent, wordSpacing: 0 };
    case 'center':
      return { x: Math.max(0, (columnWidth - line.width) / 2), wordSpacing: 0 };
    case 'right':
      return { x: Math.max(0, columnWidth - line.width), wordSpacing: 0 };
    case 'justify': {
      const slack = line.available - line.width;
      const wordSpacing = !line.last && line.spaces > 0 && slack > 0 ? slack / line.spaces : 0;
      return { x: line.indent, wordSpacing };
    }
  }
}
