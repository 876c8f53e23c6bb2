/**
 * Dates as Vietnamese offices see them. Registers restart on 1 January *in Vietnam* (UTC+7, no DST),
 * so the register year and the printed date come from local time, never from UTC.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** YYYY-MM-DD of the instant in Vietnam. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function vietnamYear(instant: Date): number {
  return Number(vietnamDate(instant).slice(0, 4));
}

/** End of a calendar day in Vietnam, as an instant: a due date "2026-12-15" lasts until 23:59:59.999 there. */
export function endOfVietnamDay(isoDate: string): Date {
  return new Date(new Date(`${isoDate}T23:59:59.999Z`).getTime() - VIETNAM_OFFSET_MS);
}

/** A calendar date plus some days: "2026-11-23" + 15 → "2026-12-08". */
export function plusDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 24 * 60 * 60 * 1000);
}

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
