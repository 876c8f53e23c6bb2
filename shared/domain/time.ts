/**
 * Dates as Vietnamese offices see them. Registers restart on 1 January *in Vietnam* (UTC+7, no DST),
 * so the register year and the printed date come from local time, never from UTC.
 */
import { VIETNAM_OFFSET_MS } from '../format/vi-time';

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

/** The display formats are beneath every layer (shared/format/vi-time.ts), so templates print dates with the same functions. */
export { viClock, viDate, viDateTime } from '../format/vi-time';
