/**
 * Dates and clock times as Vietnamese readers write them, in Vietnam time (UTC+7, no DST). Beneath every
 * layer (shared/format/ imports nothing of the app): the domain's texts (due-date reminders, date rules, the
 * completion report) and the templates print dates with the same functions.
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** An ISO instant as Vietnam local time, in ISO form ("2026-11-23T10:34:15.000"): the base of every display format. */
const vietnamIso = (isoInstant: string) => new Date(Date.parse(isoInstant) + VIETNAM_OFFSET_MS).toISOString().slice(0, 23);

/**
 * "2026-01-05" → "05/01/2026", as Vietnamese readers write dates; an ISO instant gives its date in Vietnam
 * (20:00 UTC is already the next day there); '' when absent.
 */
export function viDate(iso: string | undefined): string {
  if (!iso) return '';
  const [y, m, d] = (iso.length > 10 ? vietnamIso(iso) : iso).slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant's clock time in Vietnam: "10:34", or "10:34:15" with seconds. */
export function viClock(isoInstant: string, withSeconds = false): string {
  return vietnamIso(isoInstant).slice(11, withSeconds ? 19 : 16);
}

/** An instant → "23/11/2026 10:34" in Vietnam time (offices read clock times locally, not in UTC); '' when absent. */
export function viDateTime(isoInstant: string | undefined, withSeconds = false): string {
  if (!isoInstant) return '';
  return `${viDate(isoInstant)} ${viClock(isoInstant, withSeconds)}`;
}
