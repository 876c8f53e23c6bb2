import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { unitInputSchema, type UnitInput } from '../schemas/directory';
import { fieldErrors } from '../schemas/messages';
import { visibleText } from './visible-text';

/**
 * The unit directory as a CSV file people edit in Excel or LibreOffice.
 *
 * Format written:
 * - UTF-8 with a byte-order mark (so Excel shows Vietnamese correctly), comma-separated, CRLF line ends,
 *   RFC 4180 quoting (fields with a comma, quote or line break are quoted; quotes are doubled).
 * - A header row of Vietnamese column names (`unitCsvColumns`), then one row per unit in the given order.
 * - `kind` is written as its code (`provincial-department`, …); `active` as "có" / "không";
 *   absent optional fields as empty cells.
 *
 * Format read (lenient about what spreadsheets produce):
 * - with or without BOM; CRLF, LF or CR line ends; comma or semicolon as separator (Excel in a Vietnamese
 *   locale saves "CSV" with semicolons), detected from the header row;
 * - columns in any order, named by their Vietnamese header or by the field name (`id`, `code`, …), case-
 *   and accent-form-insensitive; `parentId`, `province` and `active` columns may be left out;
 * - text is normalised to Unicode NFC (macOS tools may write decomposed accents);
 * - rows whose cells are all empty are skipped; empty optional cells mean "not set"; an empty `active`
 *   cell means active; `active` also accepts co/khong, true/false, 1/0, x, yes/no.
 * Each row is validated with `unitInputSchema`; ids and codes must be unique within the file, and a
 * unit may not be its own parent. Parent references are checked only when the caller passes the ids
 * that already exist (`knownUnitIds`), since an import may update part of the directory.
 *
 * Row numbers in errors are those a spreadsheet shows: the header is row 1, and a quoted cell with line
 * breaks stays in one row. Row 0 means the file as a whole. At most `MAX_ERRORS` errors are reported.
 *
 * CSV injection: on export, a cell that a spreadsheet would take as a formula (starting with = + - @,
 * tab or carriage return, possibly after apostrophes) gets one leading apostrophe. Import removes exactly
 * that apostrophe again, so an export re-imports unchanged and a cell a person neutralised by hand
 * ("'=…") is read as they meant it. Values never reach a spreadsheet from this system without passing
 * through the export, which neutralises them again.
 */

export interface UnitsCsvError {
  /** Spreadsheet row: 1 is the header, 0 the whole file. */
  row: number;
  /** The unit field (`code`, `email`, …), the column header for an unknown column, or `(file)` / `(row)`. */
  field: string;
  vi: string;
  en: string;
}

export type UnitsCsvResult = { units: UnitInput[] } | { errors: UnitsCsvError[] };

export interface ParseUnitsCsvOptions {
  /** Ids of units already in the directory; when given, every parentId must be one of them or a unit in the file. */
  knownUnitIds?: Iterable<string>;
}

type UnitField = keyof UnitInput;

/** Column order and names of the file; the mapping is part of the format, so keep it stable. */
export const unitCsvColumns: ReadonlyArray<{ field: UnitField; header: string; required: boolean }> = [
  { field: 'id', header: 'Mã định danh', required: true },
  { field: 'code', header: 'Mã đơn vị', required: true },
  { field: 'name', header: 'Tên đơn vị', required: true },
  { field: 'kind', header: 'Loại đơn vị', required: true },
  { field: 'parentId', header: 'Đơn vị cấp trên', required: false },
  { field: 'email', header: 'Thư điện tử', required: true },
  { field: 'province', header: 'Tỉnh/Thành phố', required: false },
  { field: 'active', header: 'Đang hoạt động', required: false },
];

export const MAX_ROWS = 5000;
export const MAX_ERRORS = 100;

/** What every CSV file of ours starts with, so Excel reads it as UTF-8. */
export const BOM = '\uFEFF';
/** How a yes/no column is written on export (people and units files alike). */
export const YES_NO = { true: 'có', false: 'không' } as const;
const TRUE_WORDS = new Set(['có', 'co', 'true', '1', 'x', 'yes', 'y']);
const FALSE_WORDS = new Set(['không', 'khong', 'false', '0', 'no', 'n']);

/**
 * A cell a spreadsheet would evaluate: starts with = + - @ tab or CR, after any apostrophes. Counting the
 * apostrophes makes the escaping reversible, which csv-stringify's `escape_formulas` is not ("=x" and
 * "'=x" would both be written "'=x").
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;

/** A text cell as exported: formulas neutralised, invisible and direction-changing characters dropped. */
export function neutraliseCell(value: string): string {
  const visible = visibleText(value);
  return FORMULA_LIKE.test(visible) ? `'${visible}` : visible;
}

export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_LIKE.test(value) ? value.slice(1) : value;
}

// ---------------------------------------------------------------------------------------------------
// Export

export function exportUnitsCsv(units: readonly UnitInput[]): string {
  const header = unitCsvColumns.map((c) => c.header);
  const rows = units.map((unit) =>
    unitCsvColumns.map(({ field }) => {
      const value = unit[field];
      if (field === 'active') return value === false ? YES_NO.false : YES_NO.true;
      return neutraliseCell(value === undefined ? '' : String(value).normalize('NFC'));
    }),
  );
  return BOM + stringify([header, ...rows], { record_delimiter: 'windows' });
}

// ---------------------------------------------------------------------------------------------------
// Import

const keyOf = (name: string) => name.normalize('NFC').trim().toLowerCase();

/** Built on first use, so the people import (which shares only this file's cell and file helpers) leaves it out. */
let columnsByKey: Map<string, Column> | undefined;
const columnByKey = (key: string): Column | undefined =>
  (columnsByKey ??= new Map(unitCsvColumns.flatMap((c) => [[keyOf(c.header), c] as const, [keyOf(c.field), c] as const]))).get(key);

const headerOf = (field: string) => unitCsvColumns.find((c) => c.field === field)?.header ?? field;

function cellError(row: number, field: string, vi: string, en: string): UnitsCsvError {
  const column = headerOf(field);
  return { row, field, vi: `Dòng ${row}, cột “${column}”: ${vi}`, en: `Row ${row}, column “${column}” (${field}): ${en}` };
}

const fileError = (vi: string, en: string): UnitsCsvError => ({ row: 0, field: '(file)', vi, en });

/** Separator of the header row: a semicolon only when the header has semicolons and no commas. */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(';') > 0 && count(',') === 0 ? ';' : ',';
}

export function readRecords(text: string): { records: string[][] } | { error: UnitsCsvError } {
  const unified = text.normalize('NFC').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  try {
    const records = parse(unified, {
      delimiter: detectDelimiter(unified),
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
    return { records };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const { records } = error;
    const row = typeof records === 'number' ? records + 1 : 0;
    return {
      error: {
        row,
        field: '(file)',
        vi: `Dòng ${row}: tệp CSV sai cấu trúc (${error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'dấu ngoặc kép chưa được đóng' : error.code}).`,
        en: `Row ${row}: the CSV file is malformed (${error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote is never closed' : error.code}).`,
      },
    };
  }
}

type Column = (typeof unitCsvColumns)[number];

function readHeader(cells: readonly string[]): { columns: (Column | undefined)[] } | { errors: UnitsCsvError[] } {
  const errors: UnitsCsvError[] = [];
  const seen = new Set<UnitField>();
  const columns = cells.map((cell) => {
    const name = cell.trim();
    if (name === '') return undefined; // a trailing empty column, as spreadsheets sometimes add
    const column = columnByKey(keyOf(name));
    if (!column) {
      errors.push({
        row: 1,
        field: name,
        vi: `Dòng 1: không có cột “${name}”. Các cột: ${unitCsvColumns.map((c) => c.header).join(', ')}.`,
        en: `Row 1: unknown column “${name}”. Columns: ${unitCsvColumns.map((c) => `${c.header} (${c.field})`).join(', ')}.`,
      });
    } else if (seen.has(column.field)) {
      errors.push({ row: 1, field: column.field, vi: `Dòng 1: cột “${column.header}” bị lặp.`, en: `Row 1: column “${column.header}” appears twice.` });
    } else {
      seen.add(column.field);
    }
    return column;
  });
  for (const column of unitCsvColumns) {
    if (column.required && !seen.has(column.field)) {
      errors.push({
        row: 1,
        field: column.field,
        vi: `Dòng 1: thiếu cột “${column.header}”.`,
        en: `Row 1: the column “${column.header}” (${column.field}) is missing.`,
      });
    }
  }
  return errors.length > 0 ? { errors } : { columns };
}

/** A yes/no cell: có/không, co/khong, true/false, 1/0, x, yes/no; empty is undefined (the default applies). */
export function parseYesNo(cell: string): boolean | undefined | 'invalid' {
  const word = keyOf(cell);
  if (word === '') return undefined;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return 'invalid';
}

/**
 * The checks every CSV file of ours starts with: UTF-8 (Excel's other encodings break Vietnamese), a
 * readable file, a header row. Then the header and the data rows, which each format reads its own way.
 */
export function openCsvFile(text: string): { headerCells: string[]; dataRows: string[][] } | { error: UnitsCsvError } {
  const refuse = (vi: string, en: string) => ({ error: { row: 0, field: '(file)', vi, en } });
  if (text.includes('\uFFFD')) {
    return refuse(
      'Tệp không phải UTF-8 nên tiếng Việt bị lỗi. Trong Excel, hãy lưu bằng “CSV UTF-8 (Comma delimited)”.',
      'The file is not UTF-8, so Vietnamese letters are broken. In Excel, save it as “CSV UTF-8 (Comma delimited)”.',
    );
  }
  const read = readRecords(text);
  if ('error' in read) return read;
  const [headerCells, ...dataRows] = read.records;
  if (!headerCells || headerCells.every((c) => c.trim() === '')) {
    return refuse('Tệp trống: thiếu dòng tiêu đề.', 'The file is empty: the header row is missing.');
  }
  return { headerCells, dataRows };
}

/** One data row to a unit, or the row's errors. */
function readRow(cells: readonly string[], columns: readonly (Column | undefined)[], row: number): { unit: UnitInput } | { errors: UnitsCsvError[] } {
  // Data under no column (past the header, or under an empty header cell) would be silently lost.
  const strayCell = cells.some((cell, i) => cell.trim() !== '' && !columns[i]);
  if (strayCell) {
    return {
      errors: [{ row, field: '(row)', vi: `Dòng ${row}: có ô dữ liệu nằm ngoài các cột.`, en: `Row ${row}: has cells outside the named columns.` }],
    };
  }
  const input: Record<string, unknown> = {};
  const errors: UnitsCsvError[] = [];
  columns.forEach((column, i) => {
    if (!column) return;
    const cell = restoreCell(cells[i] ?? '');
    if (column.field === 'active') {
      const active = parseYesNo(cell);
      if (active === 'invalid') errors.push(cellError(row, 'active', 'phải là “có” hoặc “không”', 'must be “có” (yes) or “không” (no)'));
      else if (active !== undefined) input.active = active;
    } else if (column.required || cell.trim() !== '') {
      input[column.field] = cell;
    }
  });
  const parsed = unitInputSchema.safeParse(input);
  if (!parsed.success) {
    // fieldErrors words each message as "<field> <what is wrong>"; the row and column go in front instead.
    for (const e of fieldErrors(parsed.error.issues)) {
      const detail = (text: string) => (text.startsWith(`${e.field} `) ? text.slice(e.field.length + 1) : text);
      errors.push(cellError(row, e.field, detail(e.vi), detail(e.en)));
    }
  }
  return parsed.success && errors.length === 0 ? { unit: parsed.data } : { errors };
}

export function parseUnitsCsv(text: string, options: ParseUnitsCsvOptions = {}): UnitsCsvResult {
  const file = openCsvFile(text);
  if ('error' in file) return { errors: [file.error] };
  const { headerCells, dataRows } = file;
  const header = readHeader(headerCells);
  if ('errors' in header) return header;

  const nonEmpty = dataRows.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length > MAX_ROWS) {
    return { errors: [fileError(`Tệp có quá ${MAX_ROWS} đơn vị.`, `The file has more than ${MAX_ROWS} units.`)] };
  }

  const errors: UnitsCsvError[] = [];
  const rows: { unit: UnitInput; row: number }[] = [];
  for (const { cells, row } of nonEmpty) {
    const result = readRow(cells, header.columns, row);
    if ('errors' in result) errors.push(...result.errors);
    else rows.push({ unit: result.unit, row });
  }
  errors.push(...crossRowErrors(rows, options));

  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    if (errors.length <= MAX_ERRORS) return { errors };
    const more = errors.length - MAX_ERRORS;
    return {
      errors: [
        ...errors.slice(0, MAX_ERRORS),
        fileError(`Còn ${more} lỗi khác không được liệt kê.`, `${more} more errors are not listed.`),
      ],
    };
  }
  if (rows.length === 0) return { errors: [fileError('Tệp không có đơn vị nào.', 'The file has no units.')] };
  return { units: rows.map((r) => r.unit) };
}

/** Unique ids and codes within the file, no unit its own parent, and known parents when asked. */
function crossRowErrors(rows: readonly { unit: UnitInput; row: number }[], options: ParseUnitsCsvOptions): UnitsCsvError[] {
  const errors: UnitsCsvError[] = [];
  const firstRow = { id: new Map<string, number>(), code: new Map<string, number>() };
  for (const { unit, row } of rows) {
    for (const field of ['id', 'code'] as const) {
      const earlier = firstRow[field].get(unit[field]);
      if (earlier === undefined) firstRow[field].set(unit[field], row);
      else errors.push(cellError(row, field, `“${unit[field]}” trùng với dòng ${earlier}`, `“${unit[field]}” is the same as in row ${earlier}`));
    }
    if (unit.parentId === unit.id) {
      errors.push(cellError(row, 'parentId', 'đơn vị không thể là cấp trên của chính nó', 'a unit cannot be its own parent'));
    }
  }
  if (options.knownUnitIds) {
    const known = new Set(options.knownUnitIds);
    for (const { unit, row } of rows) {
      if (unit.parentId && unit.parentId !== unit.id && !known.has(unit.parentId) && !firstRow.id.has(unit.parentId)) {
        errors.push(cellError(row, 'parentId', `không có đơn vị “${unit.parentId}”`, `there is no unit “${unit.parentId}”`));
      }
    }
  }
  return errors;
}
