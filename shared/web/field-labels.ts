import type { FieldError } from '../errors';

/**
 * The API's field errors start with the field's path ("issuer chỉ gồm chữ in hoa…"), right for a
 * developer reading JSON; on a page the person sees the field's label, so the path is replaced by it
 * in both languages ("Cơ quan ban hành (chữ viết tắt) chỉ gồm chữ in hoa…"). Unknown fields keep theirs.
 */
export function withLabels(errors: readonly FieldError[], labels: Readonly<Record<string, { vi: string; en: string }>>): FieldError[] {
  return errors.map((e) => {
    const label = labels[e.field];
    if (!label) return e;
    const relabel = (text: string, to: string) => (text.startsWith(`${e.field} `) ? `${to} ${text.slice(e.field.length + 1)}` : text);
    return { ...e, vi: relabel(e.vi, label.vi), en: relabel(e.en, label.en) };
  });
}
