import { visibleText } from '../shared/format/visible-text';

/**
 * Auto-escaping HTML templates: every interpolated value is escaped unless it is itself an `Html`
 * produced by this tag, so a template cannot forget to escape user text.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Invisible and direction-changing characters are dropped too: what a page shows is what the record says.
const escape = (s: string) => visibleText(s).replace(/[&<>"']/g, (c) => entities[c]!);

type Value = Html | string | number | null | undefined | readonly Value[];

const render = (v: Value): string =>
  v instanceof Html ? v.value : Array.isArray(v) ? v.map(render).join('') : v === null || v === undefined ? '' : escape(String(v));

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i] as Value) : ''), ''));
}
