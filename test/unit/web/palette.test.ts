import { describe, expect, it } from 'vitest';
import { appCss } from '../../../templates/assets/app-css';
import { contrastRatio, palette } from '../../../templates/assets/palette';

/**
 * WCAG 2.1 1.4.11 (non-text contrast): focus rings and the borders that show where a form control is
 * need 3:1 against what is next to them. The ratios are computed here from the palette the stylesheet
 * uses, so a colour changed in one place is checked in the other.
 */
describe('the palette of non-text contrast', () => {
  it('computes ratios as WCAG defines them (known pairs)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // The colours the issue measured: below 3:1.
    expect(contrastRatio('#f2b700', '#ffffff')).toBeCloseTo(1.82, 2);
    expect(contrastRatio('#999999', '#ffffff')).toBeCloseTo(2.85, 2);
  });

  const pairs: [what: string, fg: string, bg: string][] = [
    ['focus ring on a white card or field', palette.focus, palette.surface],
    ['focus ring on the page background', palette.focus, palette.page],
    ['focus ring on the red header', palette.focusOnHeader, palette.header],
    ['input border on white', palette.inputBorder, palette.surface],
    ['input border on the page background', palette.inputBorder, palette.page],
    ['primary button on the page background', palette.action, palette.page],
    ['secondary button border on white', palette.action, palette.surface],
    ['danger button border / invalid field on white', palette.danger, palette.surface],
  ];
  for (const [what, fg, bg] of pairs) {
    it(`${what}: ${fg} on ${bg} is at least 3:1`, () => {
      expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(3);
    });
  }

  it('is what the stylesheet uses: no ring or input border in the old colours', () => {
    expect(appCss).toContain(`:focus-visible{outline:3px solid ${palette.focus}`);
    expect(appCss).toContain(`.top :focus-visible{outline-color:${palette.focusOnHeader}}`);
    expect(appCss).toContain(`border:1px solid ${palette.inputBorder}`);
    expect(appCss).not.toMatch(/border:1px solid #999\b/);
    expect(appCss).not.toMatch(/:focus-visible\{outline:3px solid #f2b700/);
  });
});
