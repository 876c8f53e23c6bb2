import { config } from '../config';
import { getAgency } from '../data/agency-repo';
import { listDirectives } from '../data/directive-repo';
import { listDispatches, type DispatchRecord } from '../data/dispatch-repo';
import { loadDirectory } from '../data/directory-repo';
import { formLabel } from '../domain/authority';
import { invalid, type FieldError } from '../errors';
import type { Actor } from '../http/actor';
import { dispatchInputSchema, signerChoiceOf, type DispatchContent, type DispatchInput, type SignerChoice } from '../schemas/dispatch';
import { fieldErrors } from '../schemas/messages';
import { signersOf } from '../services/people';
import type { FormChoices, FormValues } from '../domain/views/dispatch-form';
import type { Form } from './page-http';

/**
 * The dispatch form ⇄ DispatchInput. Inputs are named by the input's own paths
 * (`subject`, `requirements.2.dueDate`…; the signer is one picker, `signer`), so the API schema's field errors land next to
 * the right input without a mapping table. Empty requirement and copy rows are skipped; the rows kept
 * are numbered 1, 2, 3… and their errors are moved back to the row the user typed in.
 */
export const REQUIREMENT_ROWS = 5;
export const COPY_ROWS = 4;
/** Rows for addressees outside the directory (issue 9): `externals.{i}.name`, `externals.{i}.email`. */
export const EXTERNAL_ROWS = 2;

export type { FormChoices, FormValues } from '../domain/views/dispatch-form';

const blank = (s: string | undefined) => !s || !s.trim();
const opt = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  blank(value) ? {} : ({ [key]: value!.trim() } as Record<K, string>);

/** The signer picker's value: one option per person and signing form, e.g. `u-nguyen-van-luc|KT|Tổng cục trưởng`. */
export const signerOptionValue = (c: SignerChoice) => [c.personId, c.authority ?? '', c.headTitle ?? ''].join('|');

function signerFromOption(value: string | undefined): unknown {
  if (blank(value)) return undefined;
  const [personId = '', authority = '', headTitle = ''] = value!.split('|');
  return { personId, authority: authority || null, ...(headTitle ? { headTitle } : {}) };
}

export function contentFromForm(f: FormValues): { content?: DispatchInput; errors?: FieldError[] } {
  const v = f.values;
  const reqRows: number[] = [];
  for (let i = 0; i < rowCount(v, 'requirements', REQUIREMENT_ROWS); i++) if (!blank(v[`requirements.${i}.text`])) reqRows.push(i);
  const copyRows: number[] = [];
  for (let i = 0; i < rowCount(v, 'copies', COPY_ROWS); i++) if (!blank(v[`copies.${i}.label`])) copyRows.push(i);
  // An external row is kept when either input holds text, so an email without a name is named as missing.
  const extRows: number[] = [];
  for (let i = 0; i < rowCount(v, 'externals', EXTERNAL_ROWS); i++) if (!blank(v[`externals.${i}.name`]) || !blank(v[`externals.${i}.email`])) extRows.push(i);
  const candidate = {
    draftingUnit: v['draftingUnit'] ?? '',
    subject: v['subject'] ?? '',
    addressees: [
      ...f.addressees.map((a) => (a.startsWith('group:') ? { kind: 'group', groupId: a.slice(6) } : { kind: 'unit', unitId: a.replace(/^unit:/, '') })),
      ...extRows.map((i) => ({ kind: 'external', name: v[`externals.${i}.name`] ?? '', ...opt('email', v[`externals.${i}.email`]) })),
    ],
    citations: f.citations,
    ...opt('opening', v['opening']),
    requirements: reqRows.map((i, k) => ({
      n: k + 1,
      text: v[`requirements.${i}.text`] ?? '',
      response: v[`requirements.${i}.response`] || 'report',
      ...opt('dueDate', v[`requirements.${i}.dueDate`]),
      ...opt('to', v[`requirements.${i}.to`]),
    })),
    ...opt('closing', v['closing']),
    copies: copyRows.map((i) => ({
      label: v[`copies.${i}.label`] ?? '',
      ...opt('purpose', v[`copies.${i}.purpose`]),
      ...(v[`copies.${i}.external`] ? { external: true } : {}),
      ...opt('email', v[`copies.${i}.email`]),
    })),
    archive: (v['archive'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    signer: signerFromOption(v['signer']),
    ...graceDays(v['linkGraceDays']),
  };
  const parsed = dispatchInputSchema.safeParse(candidate, { reportInput: true });
  if (parsed.success) return { content: parsed.data };
  // The messages start with the schema's path; shown under the input, the input's label names it instead.
  const unprefixed = (text: string, path: string) => (text.startsWith(`${path} `) ? text.slice(path.length + 1) : text);
  return {
    errors: fieldErrors(parsed.error.issues, '').map((e) => ({
      field: formFieldOf(e.field, reqRows, copyRows, { offset: f.addressees.length, rows: extRows }),
      vi: unprefixed(e.vi, e.field),
      en: unprefixed(e.en, e.field),
    })),
  };
}

/**
 * Empty keeps the configured default (the field is left out). Anything else goes to the schema as a
 * number when it reads as one, else as typed, so the schema's own message names what is wrong.
 */
function graceDays(text: string | undefined): { linkGraceDays?: unknown } {
  if (blank(text)) return {};
  const n = Number(text!.trim());
  return { linkGraceDays: Number.isFinite(n) ? n : text!.trim() };
}

/**
 * `requirements.1.text` of the kept rows → the input the user typed in; list paths → the list's input.
 * Addressees after the picked ones (`offset`) are the external rows: `addressees.3.email` → `externals.1.email`.
 */
export function formFieldOf(
  field: string,
  reqRows: readonly number[],
  copyRows: readonly number[],
  externals: { offset: number; rows: readonly number[] } = { offset: Infinity, rows: [] },
): string {
  const ext = /^addressees\.(\d+)\.(name|email)$/.exec(field);
  if (ext && Number(ext[1]) >= externals.offset) return `externals.${externals.rows[Number(ext[1]) - externals.offset] ?? 0}.${ext[2]}`;
  const row = /^(requirements|copies)\.(\d+)\.(.+)$/.exec(field);
  if (row) {
    const rows = row[1] === 'requirements' ? reqRows : copyRows;
    const field2 = row[3] === 'n' ? 'text' : row[3];
    return `${row[1]}.${rows[Number(row[2])] ?? 0}.${field2}`;
  }
  if (/^(addressees|citations|archive)(\.|$)/.test(field)) return field.split('.')[0]!;
  if (field === 'requirements') return 'requirements.0.text';
  // The signer is one picker, whatever part of the choice is wrong.
  if (/^(content\.)?signer(\.|$)/.test(field)) return 'signer';
  return field;
}

/** Enough rows for what was typed (an edited dispatch may have more than the default). */
function rowCount(v: Form, list: string, min: number): number {
  let max = min;
  for (const name of Object.keys(v)) {
    const m = new RegExp(`^${list}\\.(\\d+)\\.`).exec(name);
    if (m) max = Math.max(max, Number(m[1]) + 1);
  }
  return Math.min(max, 100);
}

/** A dispatch's content as form values (editing), or defaults taken from the newest dispatch (creating). */
export function formFromContent(c: DispatchContent): FormValues {
  const values: Form = {
    draftingUnit: c.draftingUnit,
    subject: c.subject,
    opening: c.opening ?? '',
    closing: c.closing ?? '',
    archive: c.archive.join(', '),
    signer: signerOptionValue(signerChoiceOf(c)),
    linkGraceDays: c.linkGraceDays === undefined ? '' : String(c.linkGraceDays),
  };
  c.requirements.forEach((r, i) => {
    values[`requirements.${i}.text`] = r.text;
    values[`requirements.${i}.dueDate`] = r.dueDate ?? '';
    values[`requirements.${i}.response`] = r.response;
    values[`requirements.${i}.to`] = r.to ?? '';
  });
  c.copies.forEach((x, i) => {
    values[`copies.${i}.label`] = x.label;
    values[`copies.${i}.purpose`] = x.purpose ?? '';
    if (x.external || x.email) values[`copies.${i}.external`] = 'on';
    if (x.email) values[`copies.${i}.email`] = x.email;
  });
  c.addressees.filter((a) => a.kind === 'external').forEach((a, i) => {
    values[`externals.${i}.name`] = a.name;
    values[`externals.${i}.email`] = a.email ?? '';
  });
  return {
    values,
    addressees: c.addressees.flatMap((a) => (a.kind === 'group' ? [`group:${a.groupId}`] : a.kind === 'unit' ? [`unit:${a.unitId}`] : [])),
    citations: c.citations,
  };
}

/**
 * A new form starts with the drafting unit, archive line and signer of the agency's newest dispatch: a
 * clerk's office usually sends to the same few signers; everything else starts empty.
 */
export async function newFormValues(actor: Actor): Promise<FormValues> {
  const newest: DispatchRecord | undefined = (await listDispatches({ agencyCode: actor.agencyCode, limit: 1 })).items[0];
  if (!newest) return { values: {}, addressees: [], citations: [] };
  const c = formFromContent(newest.content).values;
  const keep = ['draftingUnit', 'archive', 'signer'];
  return { values: Object.fromEntries(keep.map((k) => [k, c[k] ?? ''])), addressees: [], citations: [] };
}

/** What the pickers and the citation list offer: the caller's agency issues, its active signers sign. */
export async function formChoices(actor: Actor): Promise<FormChoices> {
  const [directory, directives, agency, signers] = await Promise.all([loadDirectory(), listDirectives(100), getAgency(actor.agencyCode), signersOf(actor.agencyCode)]);
  return {
    agency: agency ? { code: agency.code, name: agency.name, parent: agency.parent ?? '', place: agency.place } : { code: actor.agencyCode, name: actor.agencyCode, parent: '', place: '' },
    /** One option per signer and form they may sign in; the clerk cannot choose themself. */
    signers: signers
      .filter((p) => p.id !== actor.userId)
      .flatMap((p) =>
        p.signingForms.map((f) => ({
          value: signerOptionValue({ personId: p.id, authority: f.authority, ...(f.headTitle ? { headTitle: f.headTitle } : {}) }),
          label: `${p.name} — ${p.position}${f.authority ? ` (${formLabel(f)})` : ''}`,
          /** For the letter preview's signature block. */
          name: p.name,
          position: p.position,
          authority: f.authority ?? null,
          headTitle: f.headTitle ?? '',
        })),
      ),
    units: directory.units.filter((u) => u.active !== false).map((u) => ({ id: u.id, code: u.code, name: u.name })),
    groups: directory.groups.map((g) => ({ id: g.id, name: g.name, size: g.memberIds.length, memberIds: g.memberIds })),
    directives: directives.items.map((d) => ({ id: d.id, label: `${d.number}/${d.symbol}`, subject: d.subject, issuedOn: d.issuedOn })),
    /** Shown beside the grace-days input: what an empty input means. */
    linkGraceDaysDefault: config().LINK_GRACE_DAYS,
    minRows: { requirements: REQUIREMENT_ROWS, copies: COPY_ROWS, externals: EXTERNAL_ROWS },
  };
}

export const formValuesOf = (form: Form, formAll: (name: string) => string[]): FormValues => ({
  values: form,
  // A unit listed under two groups of the picker may come twice; it is one addressee.
  addressees: [...new Set(formAll('addressee'))],
  citations: formAll('citation'),
});

export const throwIfInvalid = (errors: FieldError[] | undefined) => {
  if (errors) throw invalid(errors);
};
