/**
 * Reserved concurrency of the public routes (the emailed links and verification): anyone on the
 * internet can call them, so each gets a fixed share of the account's concurrency, which is both a
 * floor (a flood elsewhere cannot starve them) and a ceiling (a flood on them cannot starve the staff
 * routes, the stream and queue consumers and the jobs, which share the unreserved pool). Sizing:
 * concurrency ≈ requests per second × seconds per request, at the stage's route throttle
 * (functions/routes.ts LINK_THROTTLE 50 rps / burst 100, VERIFY_THROTTLE 5 rps / burst 10); see
 * infra/aws/README.md, "Reserved concurrency", for the numbers and the account quota they need.
 */
export const RESERVED_CONCURRENCY: Readonly<Record<string, number>> = {
  // Link routes: a table read or two (≈ 0.2 s warm), 100 requests of burst ≈ 20 at once; 30 leaves room for cold starts.
  'link-open': 30,
  'link-page': 30,
  'link-acknowledge': 30,
  'link-report': 30,
  'link-accounts': 30,
  // Presigns a download link after the same reads: as fast as the others.
  'link-pdf': 30,
  // Verification reads the PDF and checks its signatures (≈ 1–2 s): burst 10 × 2 s = 20.
  'verify-page': 20,
  'verify-upload': 20,
  // A static form, no table: a small share is plenty.
  'verify-form': 10,
};

/** What the reservations take from the account's pool (AWS keeps at least 100 unreserved). */
export const TOTAL_RESERVED = Object.values(RESERVED_CONCURRENCY).reduce((a, b) => a + b, 0);
