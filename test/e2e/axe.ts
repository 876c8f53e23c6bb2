import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults, Result } from 'axe-core';

/**
 * axe-core (from the registry) run inside the page under test. The script goes in through the
 * DevTools protocol (page.evaluate), not a <script> tag, so the page's own CSP stays exactly as
 * served and still catches our mistakes.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 and 2.1, levels A and AA: what the issue asks for. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeException {
  /** axe rule id, e.g. 'color-contrast'. */
  rule: string;
  /** Why this page state may break it; shown in the test file, so a reader can judge it. */
  reason: string;
}

export async function axeViolations(page: Page, exceptions: AxeException[] = []): Promise<Result[]> {
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const results = (await page.evaluate(`window.axe.run(document, ${JSON.stringify(options)})`)) as AxeResults;
  const allowed = new Set(exceptions.map((e) => e.rule));
  return results.violations.filter((v) => !allowed.has(v.id));
}

/** One line per violation and node, readable in a failing test's message. */
export function describeViolations(violations: Result[]): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`))
    .join('\n');
}

/** Fails the calling test with every violation named, so one run shows all of them. */
export async function expectAccessible(page: Page, state: string, exceptions: AxeException[] = []): Promise<void> {
  const violations = await axeViolations(page, exceptions);
  if (violations.length > 0) {
    throw new Error(`axe-core: ${violations.length} WCAG 2.1 A/AA rule(s) broken on ${state} (${page.url()}):\n${describeViolations(violations)}`);
  }
}
