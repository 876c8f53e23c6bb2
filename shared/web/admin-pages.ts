import { imageCardFor } from './image-pages';
import { listDispatches, type DispatchRecord } from '../data/dispatch-repo';
import { invalid, type FieldError } from '../errors';
import type { HttpResult } from '../http/responses';
import { roles } from '../roles';
import { agencyInputSchema, type Agency } from '../schemas/agency';
import { fieldErrors } from '../schemas/messages';
import { personInputSchema, type Person } from '../schemas/person';
import { contextFor } from '../services/context';
import { agencies, createAgency, createPerson, findPeople, requireAgency, requirePerson, updateAgency, updatePerson } from '../services/people';
import { agenciesPage, peoplePage, SIGNING_FORM_ROWS } from '../../templates/pages/app-admin';
import { fieldErrorsOf, pageResult, redirect, type PageRequest } from './page-http';

/**
 * The administrator's pages for agencies and people: the same use cases as the JSON API (and its
 * audit), as forms. A POST with a `version` updates that version; without, it creates.
 */

type Values = Record<string, string>;

/** Service errors of an update name `agency.x` / `person.x`; the form's fields are `x`. */
const unprefixed = (errors: FieldError[]) => errors.map((e) => ({ ...e, field: e.field.replace(/^(agency|person)\./, '') }));

const agencyText = ['code', 'name', 'parent', 'parentCode', 'place', 'email', 'headTitle', 'unitId'] as const;
const optionalAgency = new Set(['parent', 'parentCode', 'unitId']);

export function agencyValues(a: Agency): Values {
  return { ...Object.fromEntries(agencyText.map((f) => [f, a[f] ?? ''])), active: a.active ? 'true' : '', version: String(a.version) };
}

export async function showAgencies(req: PageRequest, status = 200, form?: Values, errors?: FieldError[]): Promise<HttpResult> {
  const list = await agencies();
  const editing = req.query['edit'] ? list.find((a) => a.code === req.query['edit']) : undefined;
  const values = form ?? (editing ? agencyValues(editing) : { active: 'true' });
  const notice = req.query['done'] ? req.query['done'] : undefined;
  const imageCard = editing ? await imageCardFor(req, 'seal', editing.code) : undefined;
  return pageResult(status, agenciesPage(req, { items: list, form: values, ...(errors ? { errors } : {}), ...(notice ? { notice } : {}), ...(imageCard ? { imageCard } : {}) }));
}

export async function saveAgencyForm(req: PageRequest): Promise<HttpResult> {
  const form: Values = { ...Object.fromEntries(agencyText.map((f) => [f, (req.form[f] ?? '').trim()])), active: req.form['active'] ? 'true' : '', version: req.form['version'] ?? '' };
  const input = {
    ...Object.fromEntries(agencyText.filter((f) => form[f] || !optionalAgency.has(f)).map((f) => [f, form[f]])),
    active: form['active'] === 'true',
  };
  try {
    const parsed = agencyInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    const version = Number(form['version']);
    if (form['version']) await updateAgency(contextFor(req.actor), parsed.data.code, version, parsed.data);
    else await createAgency(contextFor(req.actor), parsed.data);
    return redirect(`/app/agencies?done=${encodeURIComponent(parsed.data.code)}`);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return showAgencies(req, 400, form, unprefixed(errors));
  }
}

const personText = ['id', 'name', 'position', 'agencyCode', 'email'] as const;

export function personValues(p: Person): Values {
  const values: Values = { ...Object.fromEntries(personText.map((f) => [f, p[f]])), active: p.active ? 'true' : '', overdueDigest: p.overdueDigest ? 'true' : '', version: String(p.version) };
  for (const r of p.roles) values[`role.${r}`] = 'true';
  p.signingForms.forEach((f, i) => {
    values[`signingForms.${i}.authority`] = f.authority ?? 'head';
    values[`signingForms.${i}.headTitle`] = f.headTitle ?? '';
  });
  return values;
}

/**
 * Dispatches waiting for the signature of someone who can no longer sign (not active, or no longer a
 * signer), by that person: what an administrator must get moving (the clerks are told elsewhere).
 */
async function stuckBySigner(people: readonly Person[]): Promise<Map<string, DispatchRecord[]>> {
  const cannotSign = new Set(people.filter((p) => !p.active || !p.roles.includes('signer')).map((p) => p.id));
  const stuck = new Map<string, DispatchRecord[]>();
  if (!cannotSign.size) return stuck;
  const { items } = await listDispatches({ state: 'pending_signature', limit: 200 });
  for (const d of items) {
    const signer = d.content.signer.userId;
    if (cannotSign.has(signer)) stuck.set(signer, [...(stuck.get(signer) ?? []), d]);
  }
  return stuck;
}

export async function showPeople(req: PageRequest, status = 200, form?: Values, errors?: FieldError[]): Promise<HttpResult> {
  const agencyFilter = req.query['agency'] || undefined;
  const [list, agencyList] = await Promise.all([findPeople(agencyFilter ? { agency: agencyFilter } : {}), agencies()]);
  const editId = form?.['id'] && form['version'] ? form['id'] : req.query['edit'];
  const editing = editId ? await requirePerson(editId).catch(() => undefined) : undefined;
  const values = form ?? (editing ? personValues(editing) : { active: 'true', ...(agencyFilter ? { agencyCode: agencyFilter } : {}) });
  const stuck = await stuckBySigner(editing && !list.some((p) => p.id === editing.id) ? [...list, editing] : list);
  const notice = req.query['done'] || undefined;
  return pageResult(
    status,
    peoplePage(req, {
      items: list,
      agencies: agencyList,
      agencyFilter,
      form: values,
      ...(editing ? { editing: editing.id, imageCard: await imageCardFor(req, 'signature', editing.id) } : {}),
      stuck,
      ...(errors ? { errors } : {}),
      ...(notice ? { notice } : {}),
    }),
  );
}

export async function savePersonForm(req: PageRequest): Promise<HttpResult> {
  const form: Values = {
    ...Object.fromEntries(personText.map((f) => [f, (req.form[f] ?? '').trim()])),
    active: req.form['active'] ? 'true' : '',
    overdueDigest: req.form['overdueDigest'] ? 'true' : '',
    version: req.form['version'] ?? '',
  };
  const picked = req.formAll('role').filter((r) => (roles as readonly string[]).includes(r));
  for (const r of picked) form[`role.${r}`] = 'true';
  const signingForms: { authority: string | null; headTitle?: string }[] = [];
  for (let i = 0; i < SIGNING_FORM_ROWS + 10; i++) {
    const authority = req.form[`signingForms.${i}.authority`] ?? '';
    const headTitle = (req.form[`signingForms.${i}.headTitle`] ?? '').trim();
    form[`signingForms.${i}.authority`] = authority;
    form[`signingForms.${i}.headTitle`] = headTitle;
    if (!authority) continue;
    signingForms.push({ authority: authority === 'head' ? null : authority, ...(headTitle ? { headTitle } : {}) });
  }
  const input = { ...Object.fromEntries(personText.map((f) => [f, form[f]])), roles: picked, active: form['active'] === 'true', overdueDigest: form['overdueDigest'] === 'true', signingForms };
  try {
    const parsed = personInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    await requireAgency(parsed.data.agencyCode).catch(() => {
      throw invalid([{ field: 'agencyCode', vi: `agencyCode: không có cơ quan "${parsed.data.agencyCode}"`, en: `agencyCode: no agency "${parsed.data.agencyCode}"` }]);
    });
    if (form['version']) await updatePerson(contextFor(req.actor), parsed.data.id, Number(form['version']), parsed.data);
    else await createPerson(contextFor(req.actor), parsed.data);
    return redirect(`/app/people?agency=${encodeURIComponent(parsed.data.agencyCode)}&done=${encodeURIComponent(parsed.data.id)}`);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return showPeople(req, 400, form, unprefixed(errors));
  }
}
