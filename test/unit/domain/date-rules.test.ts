import { describe, expect, it } from 'vitest';
import { directiveDateProblems, dueDatesBeforeIssue } from '../../../shared/domain/date-rules';

describe('due dates at issue (dueDatesBeforeIssue)', () => {
  it('names each requirement due before the issue date, in both languages', () => {
    const problems = dueDatesBeforeIssue([{ dueDate: '2026-01-10' }, { dueDate: '2026-01-05' }, {}, { dueDate: '2025-12-31' }], '2026-01-06');
    expect(problems).toEqual([
      { field: 'requirements.1.dueDate', vi: 'requirements.1.dueDate là 05/01/2026, trước ngày ban hành 06/01/2026', en: 'requirements.1.dueDate is 2026-01-05, before the issue date 2026-01-06' },
      { field: 'requirements.3.dueDate', vi: 'requirements.3.dueDate là 31/12/2025, trước ngày ban hành 06/01/2026', en: 'requirements.3.dueDate is 2025-12-31, before the issue date 2026-01-06' },
    ]);
  });

  it('accepts a due date on the issue date itself, later ones, and none', () => {
    expect(dueDatesBeforeIssue([{ dueDate: '2026-01-06' }, { dueDate: '2027-01-01' }, {}], '2026-01-06')).toEqual([]);
  });

  it('prefixes the field path when the content sits under a key', () => {
    expect(dueDatesBeforeIssue([{ dueDate: '2026-01-01' }], '2026-01-02', 'content.').map((p) => p.field)).toEqual(['content.requirements.0.dueDate']);
  });
});

describe('incoming directive dates (directiveDateProblems)', () => {
  const today = '2024-03-10';
  const ok = { issuedOn: '2024-03-05', receivedOn: '2024-03-07', deadline: '2024-04-30' };

  it('accepts issuedOn ≤ receivedOn ≤ today and deadline ≥ issuedOn, including equal dates and no deadline', () => {
    expect(directiveDateProblems(ok, today)).toEqual([]);
    expect(directiveDateProblems({ issuedOn: today, receivedOn: today, deadline: today }, today)).toEqual([]);
    expect(directiveDateProblems({ issuedOn: '2024-03-05', receivedOn: '2024-03-05' }, today)).toEqual([]);
  });

  it('names receivedOn before issuedOn', () => {
    expect(directiveDateProblems({ ...ok, receivedOn: '2024-03-04' }, today)).toEqual([
      { field: 'receivedOn', vi: 'receivedOn là 04/03/2024, trước ngày ban hành 05/03/2024', en: 'receivedOn is 2024-03-04, before the issue date 2024-03-05' },
    ]);
  });

  it('names receivedOn after today (today from the caller, not the system clock)', () => {
    expect(directiveDateProblems({ ...ok, receivedOn: '2024-03-11' }, today)).toEqual([
      { field: 'receivedOn', vi: 'receivedOn là 11/03/2024, sau ngày hôm nay 10/03/2024', en: 'receivedOn is 2024-03-11, after today 2024-03-10' },
    ]);
    expect(directiveDateProblems({ ...ok, receivedOn: '2024-03-11' }, '2024-03-11')).toEqual([]);
  });

  it('names a deadline before issuedOn', () => {
    expect(directiveDateProblems({ ...ok, deadline: '2024-03-01' }, today)).toEqual([
      { field: 'deadline', vi: 'deadline là 01/03/2024, trước ngày ban hành 05/03/2024', en: 'deadline is 2024-03-01, before the issue date 2024-03-05' },
    ]);
  });

  it('names every wrong field at once, each once', () => {
    const problems = directiveDateProblems({ issuedOn: '2024-03-12', receivedOn: '2024-03-11', deadline: '2024-03-11' }, today);
    expect(problems.map((p) => p.field)).toEqual(['issuedOn', 'receivedOn', 'deadline']);
    expect(problems[0]).toEqual({ field: 'issuedOn', vi: 'issuedOn là 12/03/2024, sau ngày hôm nay 10/03/2024', en: 'issuedOn is 2024-03-12, after today 2024-03-10' });
  });
});
