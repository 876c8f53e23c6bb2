import type { FormChoices } from '../../shared/domain/views/dispatch-form';
import { html, type Html } from '../html';
import { t, type Lang } from '../i18n';

/**
 * The recipient picker as one widget (issue 14): a group per row, with "whole group" (the group
 * addressee, printed as the group's name) and a collapsed list of its units, so the keyboard passes the
 * picker in two stops per group instead of one per unit. A search field and a live count of the chosen
 * units come with the script (templates/assets/app-js.ts); without it, the same checkboxes post as
 * before (`addressee` = `group:<id>` or `unit:<id>`) and <details> still opens and closes.
 *
 * A group is open when one of its units is picked, so an edited draft shows what it addresses. A unit in
 * no group is listed under "Other units"; a unit in two groups is listed in both (the form dedupes).
 */
export interface PickerInput {
  lang: Lang;
  choices: Pick<FormChoices, 'groups' | 'units'>;
  picked: ReadonlySet<string>;
  /** The field error's element id, when the addressees were refused. */
  errorId?: string;
  error?: Html | string;
  /** Rendered after the units, inside the same fieldset (addressees outside the directory). */
  extra?: Html;
}

type UnitChoice = FormChoices['units'][number];

/** The units a group's or the page's count covers: each chosen unit once, a whole group as its members. */
export function chosenUnitCount(choices: Pick<FormChoices, 'groups' | 'units'>, picked: ReadonlySet<string>): number {
  const ids = new Set<string>();
  for (const g of choices.groups) if (picked.has(`group:${g.id}`)) g.memberIds.forEach((id) => ids.add(id));
  for (const u of choices.units) if (picked.has(`unit:${u.id}`)) ids.add(u.id);
  return ids.size;
}

export function recipientPicker(p: PickerInput): Html {
  const { lang, choices, picked } = p;
  const byId = new Map(choices.units.map((u) => [u.id, u]));
  const grouped = new Set(choices.groups.flatMap((g) => g.memberIds));
  const others = choices.units.filter((u) => !grouped.has(u.id));
  const count = chosenUnitCount(choices, picked);

  const unitItem = (u: UnitChoice) =>
    html`<li data-text="${`${u.code} ${u.name}`}"><label class="check"><input type="checkbox" name="addressee" value="unit:${u.id}"${picked.has(`unit:${u.id}`) ? html` checked` : ''}> ${u.name} <span class="muted">(${u.code})</span></label></li>`;

  const unitList = (key: string, name: string, units: UnitChoice[]) => {
    const k = units.filter((u) => picked.has(`unit:${u.id}`)).length;
    return html`<details class="picker-units" data-picker-units${k ? html` open` : ''}>
<summary><span>${t(lang, 'pickerOpenGroup')}</span><span class="visually-hidden">: ${name}</span> <span class="badge" data-picked-of="${key}" data-template="${t(lang, 'pickerPickedOf', { k: '{k}', n: '{n}' })}">${t(lang, 'pickerPickedOf', { k, n: units.length })}</span></summary>
<ul class="checks">${units.map(unitItem)}</ul></details>`;
  };

  const groups = choices.groups.map((g, i) => {
    const members = g.memberIds.map((id) => byId.get(id)).filter((u): u is UnitChoice => u !== undefined);
    const whole = picked.has(`group:${g.id}`);
    return html`<div class="picker-group" data-picker-group data-text="${g.name}">
<label class="check group-all"><input type="checkbox" name="addressee" value="group:${g.id}" data-group-all${i === 0 ? html` id="f-addressees"` : ''}${whole ? html` checked` : ''}> <span>${t(lang, 'pickerWholeGroup', { name: g.name })} <span class="badge">${t(lang, 'unitsCount', { n: members.length })}</span></span></label>
${unitList(g.id, g.name, members)}</div>`;
  });

  const otherGroup = others.length
    ? html`<div class="picker-group" data-picker-group data-text="${t(lang, 'pickerOtherUnits')}">${unitList('other', t(lang, 'pickerOtherUnits'), others)}</div>`
    : '';

  const describedBy = ['picker-count', p.errorId ?? ''].filter(Boolean).join(' ');
  return html`<fieldset class="card picker${p.errorId ? ' invalid' : ''}" id="recipients" data-picker aria-describedby="${describedBy}"><legend>${t(lang, 'recipientPicker')}</legend>
<p class="picker-count" id="picker-count" role="status" data-picker-count data-none="${t(lang, 'pickerCountNone')}" data-some="${t(lang, 'pickerCount', { n: '{n}' })}"><strong>${count ? t(lang, 'pickerCount', { n: count }) : t(lang, 'pickerCountNone')}</strong></p>
${p.error ?? ''}
<p class="muted">${t(lang, 'pickerHint')}</p>
<div class="picker-search" data-picker-search hidden><label for="unit-search">${t(lang, 'searchUnits')}</label>
<input type="search" id="unit-search" autocomplete="off">
<p class="muted" data-picker-nomatch hidden>${t(lang, 'pickerNoMatch')}</p></div>
<div class="picker-groups">${groups}${otherGroup}</div>
${p.extra ?? ''}</fieldset>`;
}
