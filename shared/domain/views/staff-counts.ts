/** The badges of the staff menu: what waits for the signed-in person (absent: their roles do not see it). */
export interface StaffCounts {
  inbox?: number;
  returned?: number;
  queue?: number;
}
