import { describe, expect, it } from 'vitest';
import { exampleLetterContent } from '../../../infra/local/demo-data';
import type { DispatchRecord } from '../../../shared/data/dispatch-repo';
import { linkExpiry } from '../../../shared/services/mailing';

/**
 * A unit's link works until the end of the later of the dispatch's last due date and its issue date,
 * Vietnam time (UTC+7), plus the dispatch's own grace days (else the configured default).
 */
// linkExpiry reads the configuration only when the dispatch sets no grace of its own.
process.env['TABLE_NAME'] ??= 'unit-test';
process.env['PDF_BUCKET'] ??= 'unit-test';
process.env['MAIL_FROM'] ??= 'vanthu@thads.moj.gov.vn';
process.env['PUBLIC_BASE_URL'] ??= 'http://localhost:3000';
process.env['LINK_GRACE_DAYS'] = '30';

const dispatch = (dueDates: (string | undefined)[], linkGraceDays?: number): DispatchRecord => {
  const content = exampleLetterContent();
  // linkExpiry reads only the content and the issue date; the counters (stats) play no part.
  const record: Omit<DispatchRecord, 'stats'> = {
    id: 'd-1',
    state: 'issued',
    version: 4,
    agencyCode: 'TCTHADS',
    contentHash: 'x',
    createdAt: '2026-11-01T01:00:00.000Z',
    createdBy: 'u-vanthu',
    updatedAt: '2026-11-20T01:00:00.000Z',
    issuedOn: '2026-11-20',
    content: {
      ...content,
      requirements: content.requirements.map((r, i) => {
        const { dueDate: _dropped, ...rest } = r;
        const due = dueDates[i];
        return due ? { ...rest, dueDate: due } : rest;
      }),
      ...(linkGraceDays === undefined ? {} : { linkGraceDays }),
    },
  };
  return record as DispatchRecord;
};

describe('linkExpiry', () => {
  it('is the end of the last due date in Vietnam time plus the dispatch’s grace days', () => {
    // 15/12/2026 23:59:59.999 in Hà Nội is 16:59:59.999 UTC; plus 10 days.
    expect(linkExpiry(dispatch(['2026-12-15', '2026-12-08'], 10)).toISOString()).toBe('2026-12-25T16:59:59.999Z');
  });

  it('takes zero grace days literally: the link ends with the deadline day', () => {
    expect(linkExpiry(dispatch(['2026-12-15'], 0)).toISOString()).toBe('2026-12-15T16:59:59.999Z');
  });

  it('uses the issue date when no requirement has a due date', () => {
    expect(linkExpiry(dispatch([undefined, undefined], 7)).toISOString()).toBe('2026-11-27T16:59:59.999Z');
  });

  it('is never earlier than the issue date plus the grace, even with due dates before the issue date', () => {
    // Issued 20/11/2026 with a due date of 10/11/2026 (a letter issued late): 20/11 + 5 days, not 10/11 + 5.
    expect(linkExpiry(dispatch(['2026-11-10', '2026-11-05'], 5)).toISOString()).toBe('2026-11-25T16:59:59.999Z');
    // A due date on the issue date itself counts the same.
    expect(linkExpiry(dispatch(['2026-11-20'], 5)).toISOString()).toBe('2026-11-25T16:59:59.999Z');
  });

  it('falls back to the configured grace (LINK_GRACE_DAYS) when the dispatch sets none', () => {
    expect(linkExpiry(dispatch(['2026-12-15'])).toISOString()).toBe('2027-01-14T16:59:59.999Z');
  });
});
