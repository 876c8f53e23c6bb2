import { describe, expect, it } from 'vitest';
import {
  GLUE,
  glueParentheses,
  normalizeInline,
  placeLine,
  splitParagraphs,
  wrapText,
  type Measure,
} from '../../../shared/pdf/text-layout';

/** A fake monospace font: every character is 1 unit wide, so widths are easy to reason about. */
const mono: Measure = (text) => [...text].length;

describe('normalizeInline', () => {
  it('returns NFC with single spaces', () => {
    const decomposed = '  Tổng   cục\tThi\nhành  '.normalize('NFD');
    expect(normalizeInline(decomposed)).toBe('Tổng cục Thi hành');
    expect(normalizeInline(decomposed)).toBe(normalizeInline(decomposed).normalize('NFC'));
  });

  it('keeps glue (no-break spaces)', () => {
    expect(normalizeInline(`a ${GLUE}b`)).toBe(`a ${GLUE}b`);
  });
});

describe('splitParagraphs', () => {
  it('joins soft-wrapped lines and splits at blank lines', () => {
    expect(splitParagraphs('Một hai\nba bốn.\n\n  Năm sáu.\r\n\r\nBảy.', 'blank-lines')).toEqual(['Một hai ba bốn.', 'Năm sáu.', 'Bảy.']);
  });

  it('starts a paragraph at a "- " bullet even without a blank line', () => {
    expect(splitParagraphs('Như sau:\n- Một;\n- Hai.', 'blank-lines')).toEqual(['Như sau:', '- Một;', '- Hai.']);
  });

  it('splits at every newline in "newlines" mode, dropping empty lines', () => {
    expect(splitParagraphs('Quán triệt.\n- Một.\n\n- Hai.', 'newlines')).toEqual(['Quán triệt.', '- Một.', '- Hai.']);
  });
});

describe('wrapText', () => {
  it('breaks greedily at spaces so that no line is wider than the column', () => {
    const lines = wrapText('aaa bbb ccc ddd eee', mono, { width: 8 });
    expect(lines.map((l) => l.text)).toEqual(['aaa bbb', 'ccc ddd', 'eee']);
    expect(lines.map((l) => l.width)).toEqual([7, 7, 3]);
    expect(lines.map((l) => l.last)).toEqual([false, false, true]);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(l.available);
  });

  it('fills a line exactly when the words fit exactly', () => {
    expect(wrapText('aaa bbbb cc', mono, { width: 8 }).map((l) => l.text)).toEqual(['aaa bbbb', 'cc']);
  });

  it('indents the first line and the following lines separately', () => {
    const lines = wrapText('aa bb cc dd ee', mono, { width: 8, firstIndent: 3, restIndent: 1 });
    expect(lines.map((l) => [l.text, l.indent, l.available])).toEqual([
      ['aa bb', 3, 5],
      ['cc dd', 1, 7],
      ['ee', 1, 7],
    ]);
  });

  it('cuts a word longer than the line into pieces that fit', () => {
    const lines = wrapText('https://example.gov.vn/abc x', mono, { width: 10 });
    expect(lines.map((l) => l.text)).toEqual(['https://ex', 'ample.gov.', 'vn/abc x']);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(10);
  });

  it('never breaks inside glued words, and draws the glue as a space', () => {
    const text = glueParentheses('- Thứ trưởng (để b/c);');
    expect(text).toBe(`- Thứ trưởng (để${GLUE}b/c);`);
    const lines = wrapText(text, mono, { width: 14 });
    expect(lines.map((l) => l.text)).toEqual(['- Thứ trưởng', '(để b/c);']);
    expect(lines[1]!.spaces).toBe(1);
  });

  it('returns no lines for blank text', () => {
    expect(wrapText('   ', mono, { width: 10 })).toEqual([]);
  });

  it('uses the measured widths, not character counts', () => {
    // "W" is three times as wide as anything else.
    const wide: Measure = (t) => [...t].reduce((w, ch) => w + (ch === 'W' ? 3 : 1), 0);
    expect(wrapText('WW a b', wide, { width: 8 }).map((l) => l.text)).toEqual(['WW a', 'b']);
  });
});

describe('placeLine', () => {
  const [first, last] = wrapText('aaa bb c dddddd', mono, { width: 10, firstIndent: 2 });

  it('spreads the slack of a justified line over its spaces', () => {
    // "aa b" is 4 wide in a column of 8: the 4 units of slack go to its one space.
    const [line] = wrapText('aa b cccccc', mono, { width: 8 });
    expect(line!.text).toBe('aa b');
    expect(placeLine(line!, 'justify', 8)).toEqual({ x: 0, wordSpacing: 4 });
    // "aaa bb c" is 8 wide in 10 - 2 = 8: nothing to spread.
    expect(placeLine(first!, 'justify', 10)).toEqual({ x: 2, wordSpacing: 0 });
  });

  it('leaves the last line of a paragraph left-aligned', () => {
    expect(last!.last).toBe(true);
    expect(placeLine(last!, 'justify', 10)).toEqual({ x: 0, wordSpacing: 0 });
  });

  it('does not stretch a line without spaces', () => {
    const [line] = wrapText('abcdefghijkl mn', mono, { width: 12 });
    expect(placeLine(line!, 'justify', 12).wordSpacing).toBe(0);
  });

  it('centres and right-aligns by the measured width', () => {
    const [line] = wrapText('abcd', mono, { width: 10 });
    expect(placeLine(line!, 'center', 10)).toEqual({ x: 3, wordSpacing: 0 });
    expect(placeLine(line!, 'right', 10)).toEqual({ x: 6, wordSpacing: 0 });
    expect(placeLine(line!, 'left', 10)).toEqual({ x: 0, wordSpacing: 0 });
  });
});
