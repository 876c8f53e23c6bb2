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

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 24 * 60 * 60 * 1000);
}

/** "2026-01-05" (or an ISO instant's date part) → "05/01/2026", as Vietnamese readers write dates; '' when absent. */
export function viDate(isoDate: string | undefined): string {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant → "23/11/2026 10:34" in Vietnam time (offices read clock times locally, not in UTC); '' when absent. */
export function viDateTime(isoInstant: string | undefined, withSeconds = false): string {
  if (!isoInstant) return '';
  const local = new Date(Date.parse(isoInstant) + VIETNAM_OFFSET_MS).toISOString();
  return `${viDate(local)} ${local.slice(11, withSeconds ? 19 : 16)}`;
}
