import { stringify } from 'csv-stringify/sync';
import { roles, type Role } from '../roles';
import { signingAuthorities, type SigningAuthority } from '../schemas/signing-authority';
import { fieldErrors } from '../schemas/messages';
import { personInputSchema, type PersonInput, type SigningForm } from '../schemas/person';
import { BOM, neutraliseCell, openCsvFile, parseYesNo, restoreCell, YES_NO } from './units-csv';

/**
 * The people of the directory as a CSV file, in the same format conventions as the units' file
 * (shared/domain/units-csv.ts: UTF-8 with BOM, CRLF, RFC 4180 quoting, comma or semicolon separator on
 * import, columns by Vietnamese header or field name in any order, NFC text, formula cells neutralised
 * on export and restored on import, spreadsheet row numbers in errors, all-or-nothing).
 *
 * Cells that hold lists (the list separator is ";", whatever the file's separator):
 * - `roles` ("Vai trò"): role codes of shared/roles.ts, e.g. `clerk;signer` (case-insensitive; a comma
 *   is also accepted between roles);
 * - `signingForms` ("Hình thức ký"): one entry per form, `null` for signing as the head, the authority
 *   alone (`Q`), or authority and head title joined by ":" (`KT:Tổng cục trưởng`); a trailing "." after
 *   the authority is accepted (`KT.:Tổng cục trưởng`). `null:<title>` keeps a title on a head's form.
 *   Example: `KT:Tổng cục trưởng;null`. An empty cell means no forms.
 * - `active` ("Đang hoạt động") and `overdueDigest` ("Nhận thư tổng hợp quá hạn"): "có" / "không" on
 *   export; co/khong, true/false, 1/0, x, yes/no on import; empty means active / no digest.
 * Agency codes are checked against the codes the caller passes (`knownAgencyCodes`), ids must be unique.
 */

export interface PeopleCsvError {
  /** Spreadsheet row: 1 is the header, 0 the whole file. */
  row: number;
  /** The person field (`email`, `roles`, …), the column header for an unknown column, or `(file)` / `(row)`. */
  field: string;
  vi: string;
  en: string;
}

export type PeopleCsvResult = { people: PersonInput[] } | { errors: PeopleCsvError[] };

type PersonField = keyof PersonInput;

/** Column order and names of the file; the mapping is part of the format, so keep it stable. */
export const peopleCsvColumns: ReadonlyArray<{ field: PersonField; header: string; required: boolean }> = [
  { field: 'id', header: 'Tên đăng nhập', required: true },
  { field: 'name', header: 'Họ và tên', required: true },
  { field: 'position', header: 'Chức vụ', required: true },
  { field: 'agencyCode', header: 'Mã cơ quan', required: true },
  { field: 'roles', header: 'Vai trò', required: true },
  { field: 'email', header: 'Thư điện tử', required: true },
  { field: 'active', header: 'Đang hoạt động', required: false },
  { field: 'signingForms', header: 'Hình thức ký', required: false },
  { field: 'overdueDigest', header: 'Nhận thư tổng hợp quá hạn', required: false },
];

export const MAX_PEOPLE_ROWS = 5000;
export const MAX_PEOPLE_ERRORS = 100;

const LIST_SEPARATOR = ';';

// ---------------------------------------------------------------------------------------------------
// Cell encodings (exported for the tests and the documentation)

export const formatRoles = (list: readonly Role[]): string => list.join(LIST_SEPARATOR);

export function formatSigningForms(forms: readonly SigningForm[]): string {
  return forms.map((f) => `${f.authority ?? 'null'}${f.headTitle ? `:${f.headTitle}` : ''}`).join(LIST_SEPARATOR);
}

export function parseRoles(cell: string): { roles: Role[] } | { error: { vi: string; en: string } } {
  const words = cell.split(/[;,]/).map((w) => w.trim().toLowerCase()).filter(Boolean);
  const unknown = words.filter((w) => !(roles as readonly string[]).includes(w));
  if (unknown.length) {
    return {
      error: {
        vi: `vai trò không hợp lệ: ${unknown.join(', ')} (dùng ${roles.join(', ')}, ngăn cách bằng “;”)`,
        en: `unknown role: ${unknown.join(', ')} (use ${roles.join(', ')}, separated by “;”)`,
      },
    };
  }
  return { roles: words as Role[] };
}

export function parseSigningForms(cell: string): { forms: SigningForm[] } | { error: { vi: string; en: string } } {
  const forms: SigningForm[] = [];
  for (const entry of cell.split(LIST_SEPARATOR).map((e) => e.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const word = (colon < 0 ? entry : entry.slice(0, colon)).trim().replace(/\.$/, '').toUpperCase();
    const title = colon < 0 ? '' : entry.slice(colon + 1).trim();
    const authority = word === 'NULL' ? null : (signingAuthorities as readonly string[]).includes(word) ? (word as SigningAuthority) : undefined;
    if (authority === undefined) {
      return {
        error: {
          vi: `hình thức ký “${entry}” không hợp lệ (viết null, ${signingAuthorities.join(', ')}, có thể kèm “:chức danh người đứng đầu”, ví dụ “KT:Tổng cục trưởng;null”)`,
          en: `signing form “${entry}” is not valid (write null, ${signingAuthorities.join(', ')}, optionally with “:head title”, e.g. “KT:Tổng cục trưởng;null”)`,
        },
      };
    }
    forms.push({ authority, ...(title ? { headTitle: title } : {}) });
  }
  return { forms };
}

// ---------------------------------------------------------------------------------------------------
// Export

export function exportPeopleCsv(people: readonly PersonInput[]): string {
  const header = peopleCsvColumns.map((c) => c.header);
  const rows = people.map((person) =>
    peopleCsvColumns.map(({ field }) => {
      switch (field) {
        case 'active':
          return person.active === false ? YES_NO.false : YES_NO.true;
        case 'overdueDigest':
          return person.overdueDigest ? YES_NO.true : YES_NO.false;
        case 'roles':
          return formatRoles(person.roles);
        case 'signingForms':
          return neutraliseCell(formatSigningForms(person.signingForms ?? []).normalize('NFC'));
        default:
          return neutraliseCell(String(person[field] ?? '').normalize('NFC'));
      }
    }),
  );
  return BOM + stringify([header, ...rows], { record_delimiter: 'windows' });
}

// ---------------------------------------------------------------------------------------------------
// Import

const keyOf = (name: string) => name.normalize('NFC').trim().toLowerCase();
const columnByKey = new Map(peopleCsvColumns.flatMap((c) => [[keyOf(c.header), c], [keyOf(c.field), c]] as const));
const headerOf = (field: string) => peopleCsvColumns.find((c) => c.field === field)?.header ?? field;
type Column = (typeof peopleCsvColumns)[number];

function cellError(row: number, field: string, vi: string, en: string): PeopleCsvError {
  const column = headerOf(field);
  return { row, field, vi: `Dòng ${row}, cột “${column}”: ${vi}`, en: `Row ${row}, column “${column}” (${field}): ${en}` };
}

const fileError = (vi: string, en: string): PeopleCsvError => ({ row: 0, field: '(file)', vi, en });

function readHeader(cells: readonly string[]): { columns: (Column | undefined)[] } | { errors: PeopleCsvError[] } {
  const errors: PeopleCsvError[] = [];
  const seen = new Set<PersonField>();
  const columns = cells.map((cell) => {
    const name = cell.trim();
    if (name === '') return undefined;
    const column = columnByKey.get(keyOf(name));
    if (!column) {
      errors.push({
        row: 1,
        field: name,
        vi: `Dòng 1: không có cột “${name}”. Các cột: ${peopleCsvColumns.map((c) => c.header).join(', ')}.`,
        en: `Row 1: unknown column “${name}”. Columns: ${peopleCsvColumns.map((c) => `${c.header} (${c.field})`).join(', ')}.`,
      });
    } else if (seen.has(column.field)) {
      errors.push({ row: 1, field: column.field, vi: `Dòng 1: cột “${column.header}” bị lặp.`, en: `Row 1: column “${column.header}” appears twice.` });
    } else {
      seen.add(column.field);
    }
    return column;
  });
  for (const column of peopleCsvColumns) {
    if (column.required && !seen.has(column.field)) {
      errors.push({ row: 1, field: column.field, vi: `Dòng 1: thiếu cột “${column.header}”.`, en: `Row 1: the column “${column.header}” (${column.field}) is missing.` });
    }
  }
  return errors.length > 0 ? { errors } : { columns };
}

function readRow(cells: readonly string[], columns: readonly (Column | undefined)[], row: number, known: ReadonlySet<string> | undefined): { person: PersonInput } | { errors: PeopleCsvError[] } {
  if (cells.some((cell, i) => cell.trim() !== '' && !columns[i])) {
    return { errors: [{ row, field: '(row)', vi: `Dòng ${row}: có ô dữ liệu nằm ngoài các cột.`, en: `Row ${row}: has cells outside the named columns.` }] };
  }
  const input: Record<string, unknown> = {};
  const errors: PeopleCsvError[] = [];
  columns.forEach((column, i) => {
    if (!column) return;
    const cell = restoreCell(cells[i] ?? '');
    switch (column.field) {
      case 'active':
      case 'overdueDigest': {
        const value = parseYesNo(cell);
        if (value === 'invalid') errors.push(cellError(row, column.field, 'phải là “có” hoặc “không”', 'must be “có” (yes) or “không” (no)'));
        else if (value !== undefined) input[column.field] = value;
        break;
      }
      case 'roles': {
        const parsed = parseRoles(cell);
        if ('error' in parsed) errors.push(cellError(row, 'roles', parsed.error.vi, parsed.error.en));
        else input.roles = parsed.roles;
        break;
      }
      case 'signingForms': {
        const parsed = parseSigningForms(cell);
        if ('error' in parsed) errors.push(cellError(row, 'signingForms', parsed.error.vi, parsed.error.en));
        else input.signingForms = parsed.forms;
        break;
      }
      default:
        input[column.field] = cell;
    }
  });
  if (known && typeof input.agencyCode === 'string' && input.agencyCode.trim() && !known.has(input.agencyCode.trim())) {
    errors.push(cellError(row, 'agencyCode', `không có cơ quan “${input.agencyCode.trim()}”`, `there is no agency “${input.agencyCode.trim()}”`));
  }
  const parsed = personInputSchema.safeParse(input);
  if (!parsed.success) {
    // A cell that could not be read already has its error; the schema would only add "is required".
    const already = new Set(errors.map((e) => e.field));
    for (const e of fieldErrors(parsed.error.issues).filter((x) => !already.has(x.field.split('.')[0]!))) {
      const detail = (text: string) => (text.startsWith(`${e.field} `) ? text.slice(e.field.length + 1) : text);
      // "signingForms.0.headTitle" is a part of the "signingForms" column: name the column, keep the detail.
      const top = e.field.split('.')[0]!;
      const where = top === e.field ? '' : `${e.field.slice(top.length + 1)}: `;
      errors.push(cellError(row, top, `${where}${detail(e.vi)}`, `${where}${detail(e.en)}`));
    }
    return { errors };
  }
  return errors.length ? { errors } : { person: parsed.data };
}

export interface ParsePeopleCsvOptions {
  /** Codes of the agencies in the directory; when given, every person's agency must be one of them. */
  knownAgencyCodes?: Iterable<string>;
}

export function parsePeopleCsv(text: string, options: ParsePeopleCsvOptions = {}): PeopleCsvResult {
  const file = openCsvFile(text);
  if ('error' in file) return { errors: [file.error] };
  const { headerCells, dataRows } = file;
  const header = readHeader(headerCells);
  if ('errors' in header) return header;
  const nonEmpty = dataRows.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length > MAX_PEOPLE_ROWS) {
    return { errors: [fileError(`Tệp có quá ${MAX_PEOPLE_ROWS} người.`, `The file has more than ${MAX_PEOPLE_ROWS} people.`)] };
  }

  const known = options.knownAgencyCodes ? new Set(options.knownAgencyCodes) : undefined;
  const errors: PeopleCsvError[] = [];
  const rows: { person: PersonInput; row: number }[] = [];
  for (const { cells, row } of nonEmpty) {
    const result = readRow(cells, header.columns, row, known);
    if ('errors' in result) errors.push(...result.errors);
    else rows.push({ person: result.person, row });
  }
  const firstRow = new Map<string, number>();
  for (const { person, row } of rows) {
    const earlier = firstRow.get(person.id);
    if (earlier === undefined) firstRow.set(person.id, row);
    else errors.push(cellError(row, 'id', `“${person.id}” trùng với dòng ${earlier}`, `“${person.id}” is the same as in row ${earlier}`));
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    if (errors.length <= MAX_PEOPLE_ERRORS) return { errors };
    const more = errors.length - MAX_PEOPLE_ERRORS;
    return { errors: [...errors.slice(0, MAX_PEOPLE_ERRORS), fileError(`Còn ${more} lỗi khác không được liệt kê.`, `${more} more errors are not listed.`)] };
  }
  if (rows.length === 0) return { errors: [fileError('Tệp không có người nào.', 'The file has no people.')] };
  return { people: rows.map((r) => r.person) };
}
