/**
 * Where everything of a công văn goes on the page (Nghị định 30/2020, Phụ lục I, Mẫu 1.4). Pure:
 * given the letter and the font metrics it returns positioned text runs and rules per page, which
 * the renderer only has to draw. Tests read the same positions to prove nothing leaves the margins.
 *
 * Coordinates are PDF points measured from the top-left corner of the page (the renderer flips y).
 */
import {
  formatAddressees,
  formatAuthority,
  formatCopies,
  formatDateLine,
  formatSymbol,
  KINH_GUI,
} from '../domain/letter-format';
import type { FontMetricsSet, FontStyle } from './fonts';
import * as C from './layout-constants';
import type { LetterModel } from './letter-model';
import { flow, flowWithTail, type Cursor, type FlowBox, type Frame } from './paginate';
import { glueParentheses, normalizeInline, placeLine, splitParagraphs, wrapText, type Align, type Measure } from './text-layout';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const DRAFT_MARK = 'DỰ THẢO';
export const RECIPIENTS_HEADING = 'Nơi nhận:';
export const VERIFICATION_LABEL = 'Xác thực văn bản tại:';

/** What a run of text is, so tests can tell the body from the page furniture in the margins. */
export type TextRole =
  | 'header'
  | 'addressees'
  | 'body'
  | 'recipients'
  | 'signature'
  | 'pageNumber'
  | 'draftMark'
  | 'footer';

export interface TextItem {
  kind: 'text';
  role: TextRole;
  style: FontStyle;
  size: number;
  x: number;
  /** Baseline. */
  y: number;
  /** Single-spaced words (blanks of a draft's number and date are kept). */
  text: string;
  /** Extra room after each space, for justified lines (PDF "word spacing"). */
  wordSpacing: number;
  /** Drawn width including the extra word spacing. */
  width: number;
  /** Top and bottom of the font's ascender-to-descender box around the run. */
  top: number;
  bottom: number;
  /**
   * Set on the two runs the clerical office (Văn thư) fills after the signer has signed: they are
   * left out of the signer's file and added by an incremental update (pdf/number-stamp.ts).
   */
  field?: 'number' | 'date';
}

export interface RuleItem {
  kind: 'rule';
  x1: number;
  x2: number;
  y: number;
  thickness: number;
}

export interface BoxItem {
  kind: 'box';
  x: number;
  /** Top edge. */
  y: number;
  width: number;
  height: number;
  thickness: number;
}

export type LayoutItem = TextItem | RuleItem | BoxItem;

export interface LetterLayout {
  width: number;
  height: number;
  pages: LayoutItem[][];
}

/** A line of the flowing part (Kính gửi, body, Nơi nhận): its items are relative to the line's top. */
interface FlowLine extends FlowBox {
  items: LayoutItem[];
}

interface ParagraphSpec {
  text: string;
  style: FontStyle;
  size: number;
  role: TextRole;
  /** Column, from the page's left edge. */
  x: number;
  width: number;
  align: Align;
  firstIndent?: number;
  restIndent?: number;
  spacing?: number;
  spaceBefore?: number;
}

/** Measuring and line building for one set of fonts. */
class Typesetter {
  constructor(private readonly metrics: FontMetricsSet) {}

  measure(style: FontStyle, size: number): Measure {
    const { advance } = this.metrics[style];
    return (text) => advance(text) * size;
  }

  width(text: string, style: FontStyle, size: number): number {
    return this.metrics[style].advance(text) * size;
  }

  /** Baseline below the top of a line box of `height`, with the leading split above and below. */
  baseline(style: FontStyle, size: number, height: number): number {
    const { ascent, descent } = this.metrics[style];
    return (height - size * (ascent + descent)) / 2 + size * ascent;
  }

  text(role: TextRole, style: FontStyle, size: number, x: number, y: number, text: string, wordSpacing = 0): TextItem {
    const { ascent, descent } = this.metrics[style];
    const spaces = wordSpacing ? text.split(' ').length - 1 : 0;
    const width = this.width(text, style, size) + wordSpacing * spaces;
    return { kind: 'text', role, style, size, x, y, text, wordSpacing, width, top: y - ascent * size, bottom: y + descent * size };
  }

  /** A paragraph broken into lines, each one a box for the page breaker. */
  paragraph(spec: ParagraphSpec): FlowLine[] {
    const height = spec.size * (spec.spacing ?? C.LINE_SPACING);
    const base = this.baseline(spec.style, spec.size, height);
    const lines = wrapText(spec.text, this.measure(spec.style, spec.size), {
      width: spec.width,
      firstIndent: spec.firstIndent ?? 0,
      restIndent: spec.restIndent ?? 0,
    });
    return lines.map((line, i) => {
      const placed = placeLine(line, spec.align, spec.width);
      const item = this.text(spec.role, spec.style, spec.size, spec.x + placed.x, base, line.text, placed.wordSpacing);
      return { height, spaceBefore: i === 0 ? (spec.spaceBefore ?? 0) : 0, items: [item] };
    });
  }
}

/** Puts lines one under the other from `top`, for the fixed blocks (header, signature). */
function stack(lines: FlowLine[], top: number): { items: LayoutItem[]; bottom: number } {
  const items: LayoutItem[] = [];
  let y = top;
  for (const line of lines) {
    y += line.spaceBefore;
    items.push(...line.items.map((it) => shift(it, y)));
    y += line.height;
  }
  return { items, bottom: y };
}

function shift(item: LayoutItem, dy: number): LayoutItem {
  switch (item.kind) {
    case 'text':
      return { ...item, y: item.y + dy, top: item.top + dy, bottom: item.bottom + dy };
    case 'rule':
      return { ...item, y: item.y + dy };
    case 'box':
      return { ...item, y: item.y + dy };
  }
}

const upper = (s: string) => normalizeInline(s).toLocaleUpperCase('vi-VN');

interface Columns {
  left: { x: number; width: number };
  right: { x: number; width: number };
}

/**
 * The right column is as wide as the national title needs; the left (agency, number, subject, Nơi
 * nhận) takes the rest, as in the decree's template.
 */
function columnsFor(t: Typesetter): Columns {
  const right = Math.min(C.CONTENT.width * 0.6, t.width(NATIONAL_TITLE, 'bold', C.SIZE.nationalTitle) + C.HEADER_COLUMN_PADDING);
  return {
    left: { x: C.CONTENT.left, width: C.CONTENT.width - right },
    right: { x: C.CONTENT.right - right, width: right },
  };
}

/** Header, number/date row and subject on page 1, and the bottom of it all. */
function layoutHeader(t: Typesetter, model: LetterModel, cols: Columns): { items: LayoutItem[]; bottom: number } {
  const items: LayoutItem[] = [];
  const { left, right } = cols;
  const centred = (text: string, style: FontStyle, size: number, col: { x: number; width: number }, inset = 4): FlowLine[] =>
    t.paragraph({ text, style, size, role: 'header', x: col.x + inset / 2, width: col.width - inset, align: 'center' });
  const ruleBelow = (text: TextItem, width: number): RuleItem => {
    const centre = text.x + text.width / 2;
    return { kind: 'rule', x1: centre - width / 2, x2: centre + width / 2, y: text.bottom + C.RULE_GAP, thickness: C.RULE_THICKNESS };
  };

  // Left: parent agency (regular) over issuing agency (bold), both upper-case, with a short rule.
  const parentLines = model.issuer.parent ? centred(upper(model.issuer.parent), 'regular', C.SIZE.agency, left) : [];
  const nameLines = centred(upper(model.issuer.name), 'bold', C.SIZE.agency, left);
  const leftBlock = stack([...parentLines, ...nameLines], C.CONTENT.top);
  items.push(...leftBlock.items);
  const nameItems = leftBlock.items.slice(leftBlock.items.length - nameLines.length) as TextItem[];
  const lastName = nameItems.at(-1);
  const widestName = Math.max(0, ...nameItems.map((i) => i.width));
  // Under the agency name; a nameless issuer (the schema forbids it) still gets a rule under the block.
  const agencyRule: RuleItem = lastName
    ? ruleBelow(lastName, widestName * C.AGENCY_RULE_RATIO)
    : { kind: 'rule', x1: left.x, x2: left.x, y: leftBlock.bottom, thickness: 0 };
  if (lastName) items.push(agencyRule);

  // Right: national title over the motto, with a rule as wide as the motto.
  const rightBlock = stack(
    [...centred(NATIONAL_TITLE, 'bold', C.SIZE.nationalTitle, right, 0), ...centred(MOTTO, 'bold', C.SIZE.motto, right, 0)],
    C.CONTENT.top,
  );
  items.push(...rightBlock.items);
  const motto = rightBlock.items[rightBlock.items.length - 1] as TextItem;
  const mottoRule = ruleBelow(motto, motto.width);
  items.push(mottoRule);

  // Number under the left column, italic date line on the same baseline under the right one.
  const rowTop = Math.max(agencyRule.y, mottoRule.y) + C.HEADER_ROW_GAP;
  const rowHeight = C.SIZE.date * C.LINE_SPACING;
  const baseline = rowTop + t.baseline('italic', C.SIZE.date, rowHeight);
  const symbol = model.draft
    ? formatSymbol({ issuerCode: model.issuer.code, draftingUnit: model.draftingUnit })
    : formatSymbol({ number: model.number, issuerCode: model.issuer.code, draftingUnit: model.draftingUnit });
  const symbolWidth = t.width(symbol, 'regular', C.SIZE.number);
  items.push({ ...t.text('header', 'regular', C.SIZE.number, left.x + Math.max(0, (left.width - symbolWidth) / 2), baseline, symbol), field: 'number' });
  const dateLine = formatDateLine(model.issuer.place, model.draft ? undefined : model.issuedOn, model.draftYear);
  // A long place name ("Thành phố Hồ Chí Minh") takes the decree's smaller size, then, if still too
  // wide, moves left rather than past the right margin.
  const dateSize = t.width(dateLine, 'italic', C.SIZE.date) <= right.width ? C.SIZE.date : C.SIZE.dateSmall;
  const dateWidth = t.width(dateLine, 'italic', dateSize);
  const dateX = Math.max(C.CONTENT.left, Math.min(right.x + (right.width - dateWidth) / 2, C.CONTENT.right - dateWidth));
  items.push({ ...t.text('header', 'italic', dateSize, dateX, baseline, dateLine), field: 'date' });

  // "V/v …" centred under the number, wrapped within the left column.
  const subject = stack(centred(`V/v ${normalizeInline(model.subject)}`, 'regular', C.SIZE.subject, left, 8), rowTop + rowHeight + C.SUBJECT_GAP);
  items.push(...subject.items);
  return { items, bottom: Math.max(subject.bottom, rowTop + rowHeight) };
}

/** The Kính gửi block: inline for one addressee, a dashed list under the colon for several. */
function layoutAddressees(t: Typesetter, lines: string[]): FlowLine[] {
  if (lines.every((l) => !l.trim())) return [];
  const block = formatAddressees(lines);
  const size = C.SIZE.body;
  const base = { style: 'regular' as const, size, role: 'addressees' as const };
  if (block.kind === 'inline') {
    // Centred on one line when it fits; otherwise wrapped with the name under itself.
    if (t.width(block.text, 'regular', size) <= C.CONTENT.width) {
      return t.paragraph({ ...base, text: block.text, x: C.CONTENT.left, width: C.CONTENT.width, align: 'center' });
    }
    const x = C.CONTENT.left + C.ADDRESSEE_INDENT;
    const hang = t.width(`${KINH_GUI} `, 'regular', size);
    return t.paragraph({ ...base, text: block.text, x, width: C.CONTENT.right - x, align: 'justify', restIndent: hang });
  }
  const headingX = C.CONTENT.left + C.ADDRESSEE_INDENT;
  // The decree: the dashes line up under the colon of "Kính gửi:".
  const dashX = headingX + t.width(KINH_GUI.slice(0, -1), 'regular', size);
  return [
    ...t.paragraph({ ...base, text: block.heading, x: headingX, width: C.CONTENT.right - headingX, align: 'left' }),
    ...block.items.flatMap((item) => t.paragraph({ ...base, text: item, x: dashX, width: C.CONTENT.right - dashX, align: 'justify' })),
  ];
}

/** Opening, numbered requirements (with their "- " bullets) and closing, as justified paragraphs. */
function bodyParagraphs(model: LetterModel): string[] {
  const paragraphs: string[] = [];
  if (model.opening) paragraphs.push(...splitParagraphs(model.opening, 'blank-lines'));
  for (const req of [...model.requirements].sort((a, b) => a.n - b.n)) {
    const parts = splitParagraphs(req.text, 'newlines');
    if (parts.length === 0) continue;
    // The clerk may have typed the number already.
    if (!new RegExp(`^${req.n}[.)]\\s`).test(parts[0]!)) parts[0] = `${req.n}. ${parts[0]}`;
    paragraphs.push(...parts);
  }
  if (model.closing) paragraphs.push(...splitParagraphs(model.closing, 'blank-lines'));
  return paragraphs;
}

function layoutBody(t: Typesetter, model: LetterModel, afterAddressees: boolean): FlowLine[] {
  return bodyParagraphs(model).flatMap((text, i) =>
    t.paragraph({
      text,
      style: 'regular',
      size: C.SIZE.body,
      role: 'body',
      x: C.CONTENT.left,
      width: C.CONTENT.width,
      align: 'justify',
      firstIndent: C.FIRST_LINE_INDENT,
      spaceBefore: i === 0 && afterAddressees ? C.BODY_GAP : C.PARAGRAPH_SPACING,
    }),
  );
}

/** Authority lines, room for the signature, then the name: one block that never breaks. */
function layoutSignature(t: Typesetter, model: LetterModel, cols: Columns): { lines: FlowLine[]; height: number } {
  const col = { x: cols.right.x + 2, width: cols.right.width - 4 };
  const spec = { style: 'bold' as const, size: C.SIZE.signature, role: 'signature' as const, ...col, align: 'center' as const };
  const lines = [
    ...formatAuthority(model.signer).flatMap((text) => t.paragraph({ ...spec, text })),
    ...t.paragraph({ ...spec, text: normalizeInline(model.signer.name), spaceBefore: C.SIGNATURE_SPACE }),
  ];
  return { lines, height: lines.reduce((h, l) => h + l.spaceBefore + l.height, 0) };
}

/** "Nơi nhận:" and its entries, in the left column; long lists may continue on the next page. */
function layoutRecipients(t: Typesetter, model: LetterModel, cols: Columns): FlowLine[] {
  const width = cols.left.width - C.RECIPIENTS_GUTTER;
  const heading = t.paragraph({
    text: RECIPIENTS_HEADING,
    style: 'boldItalic',
    size: C.SIZE.recipientsHeading,
    role: 'recipients',
    x: cols.left.x,
    width,
    align: 'left',
  });
  const hang = t.width('- ', 'regular', C.SIZE.recipients);
  const entries = formatCopies(model.copies, model.archive, { asAbove: model.addresseeLines.length > 0 }).flatMap((text) =>
    t.paragraph({
      // A purpose such as "(để b/c)" stays in one piece when the entry wraps.
      text: glueParentheses(text),
      style: 'regular',
      size: C.SIZE.recipients,
      role: 'recipients',
      x: cols.left.x,
      width,
      align: 'left',
      restIndent: hang,
      spacing: C.RECIPIENT_LINE_SPACING,
    }),
  );
  return [...heading, ...entries];
}

/** Marks at the top of the pages: numbers from page 2 on, and the draft mark on every page. */
function layoutPageMarks(t: Typesetter, model: LetterModel, pageCount: number): LayoutItem[][] {
  const pages: LayoutItem[][] = Array.from({ length: pageCount }, () => []);
  for (let i = 1; i < pageCount; i++) {
    const text = String(i + 1);
    const size = C.SIZE.pageNumber;
    const x = C.CONTENT.left + (C.CONTENT.width - t.width(text, 'regular', size)) / 2;
    // Centred in the top margin.
    pages[i]!.push(t.text('pageNumber', 'regular', size, x, t.baseline('regular', size, C.MARGIN.top), text));
  }

  if (model.draft) {
    // Boxed at the top right of every page, so no page of a draft can pass for the issued letter.
    const size = C.SIZE.draftMark;
    const pad = 4;
    const width = t.width(DRAFT_MARK, 'bold', size) + 2 * pad;
    const height = size * C.LINE_SPACING + pad;
    const top = (C.MARGIN.top - height) / 2;
    const x = C.CONTENT.right - width;
    for (const page of pages) {
      page.push({ kind: 'box', x, y: top, width, height, thickness: 0.8 });
      page.push(t.text('draftMark', 'bold', size, x + pad, top + t.baseline('bold', size, height), DRAFT_MARK));
    }
  }
  return pages;
}

/** The verification link, small and centred in the bottom margin of page 1. */
function layoutFooter(t: Typesetter, url: string): LayoutItem[] {
  const lines = t.paragraph({
    text: `${VERIFICATION_LABEL} ${url}`,
    style: 'italic',
    size: C.SIZE.footer,
    role: 'footer',
    x: C.CONTENT.left,
    width: C.CONTENT.width,
    align: 'center',
  });
  const height = lines.reduce((h, l) => h + l.height, 0);
  return stack(lines, C.CONTENT.bottom + (C.MARGIN.bottom - height) / 2).items;
}

/** Lays out the whole letter. */
export function layoutLetter(model: LetterModel, metrics: FontMetricsSet): LetterLayout {
  const t = new Typesetter(metrics);
  const cols = columnsFor(t);
  const frame: Frame = { top: C.CONTENT.top, bottom: C.CONTENT.bottom };

  const header = layoutHeader(t, model, cols);
  const addressees = layoutAddressees(t, model.addresseeLines);
  const lines = [...addressees, ...layoutBody(t, model, addressees.length > 0)];
  const signature = layoutSignature(t, model, cols);
  const recipients = layoutRecipients(t, model, cols);

  const start: Cursor = { page: 0, y: header.bottom + C.ADDRESSEE_GAP };
  const body = flowWithTail(lines, frame, start, {
    height: signature.height,
    gap: C.SIGNATURE_GAP,
    keepWith: C.LINES_BEFORE_SIGNATURE,
  });
  // "Nơi nhận:" sits on the baseline of the first authority line.
  const firstSignatureBaseline = (signature.lines[0]?.items[0] as TextItem | undefined)?.y ?? 0;
  const headingBaseline = (recipients[0]?.items[0] as TextItem | undefined)?.y ?? 0;
  const recipientsStart: Cursor = { page: body.tail.page, y: body.tail.y + firstSignatureBaseline - headingBaseline };
  const recipientsFlow = flow(recipients, frame, recipientsStart);

  // Items go in reading order, which is also the order of the content streams (for copy and
  // screen readers): page marks, header, flowing text, Nơi nhận, signature, footer.
  const pageCount = Math.max(body.tail.page, recipientsFlow.end.page) + 1;
  const pages = layoutPageMarks(t, model, pageCount);
  pages[0]!.push(...header.items);
  const place = (line: FlowLine, at: Cursor) => pages[at.page]!.push(...line.items.map((it) => shift(it, at.y)));
  lines.forEach((line, i) => place(line, body.placements[i]!));
  recipients.forEach((line, i) => place(line, recipientsFlow.placements[i]!));
  pages[body.tail.page]!.push(...stack(signature.lines, body.tail.y).items);
  if (model.verificationUrl) pages[0]!.push(...layoutFooter(t, model.verificationUrl));

  return { width: C.PAGE.width, height: C.PAGE.height, pages };
}
