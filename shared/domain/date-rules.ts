import type { FieldError } from '../errors';
import { viDate } from './time';

/**
 * Dates that make sense (issue 9, §5). Pure: each rule takes the dates and "today" (the Vietnam date of
 * the use case's clock, never read here) and answers with the fields that are wrong, each named, in
 * Vietnamese and English; none means the dates are coherent. ISO dates (YYYY-MM-DD) compare as strings.
 */

/**
 * A requirement's due date may not fall before the day the dispatch is issued: a letter may not ask for
 * something by a day already gone when it goes out. At submission the earliest possible issue date is
 * today, so the same rule (with today) keeps a letter whose deadline has passed from going to the signer.
 */
export function dueDatesBeforeIssue(requirements: readonly { dueDate?: string | undefined }[], issuedOn: string, prefix = ''): FieldError[] {
  return requirements.flatMap((r, i) =>
    r.dueDate && r.dueDate < issuedOn ? [named(`${prefix}requirements.${i}.dueDate`, r.dueDate, beforeIssue(issuedOn))] : [],
  );
}

export interface DirectiveDates {
  issuedOn: string;
  receivedOn: string;
  deadline?: string | undefined;
}

/** An incoming directive: issued on or before the day it was received, received no later than today, and not due before it was issued. */
export function directiveDateProblems(d: DirectiveDates, today: string, prefix = ''): FieldError[] {
  const problems: FieldError[] = [];
  if (d.issuedOn > today) problems.push(named(`${prefix}issuedOn`, d.issuedOn, afterToday(today)));
  if (d.receivedOn < d.issuedOn) problems.push(named(`${prefix}receivedOn`, d.receivedOn, beforeIssue(d.issuedOn)));
  else if (d.receivedOn > today) problems.push(named(`${prefix}receivedOn`, d.receivedOn, afterToday(today)));
  if (d.deadline && d.deadline < d.issuedOn) problems.push(named(`${prefix}deadline`, d.deadline, beforeIssue(d.issuedOn)));
  return problems;
}

type Why = { vi: string; en: string };
const beforeIssue = (issuedOn: string): Why => ({ vi: `trước ngày ban hành ${viDate(issuedOn)}`, en: `before the issue date ${issuedOn}` });
const afterToday = (today: string): Why => ({ vi: `sau ngày hôm nay ${viDate(today)}`, en: `after today ${today}` });

/** "receivedOn là 03/01/2024, trước ngày ban hành 05/01/2024": the field first, like every validation message. */
const named = (field: string, value: string, why: Why): FieldError => ({
  field,
  vi: `${field} là ${viDate(value)}, ${why.vi}`,
  en: `${field} is ${value}, ${why.en}`,
});
