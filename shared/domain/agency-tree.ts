import type { Agency } from '../schemas/agency';

/**
 * The agencies whose letters a person of `agencyCode` may read: their own and every agency below it
 * (the Ministry's leaders see the Tổng cục's and the Cục's letters; a Cục's people see only their own).
 */
export function readableAgencies(agencies: readonly Pick<Agency, 'code' | 'parentCode'>[], agencyCode: string): Set<string> {
  const readable = new Set([agencyCode]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of agencies) {
      if (a.parentCode && readable.has(a.parentCode) && !readable.has(a.code)) {
        readable.add(a.code);
        grew = true;
      }
    }
  }
  return readable;
}
