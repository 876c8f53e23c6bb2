/**
 * The colours of the stylesheet that carry meaning without text: focus rings and the borders of form
 * controls. WCAG 2.1 (1.4.11, non-text contrast) asks 3:1 against what surrounds them; the ratios are
 * computed in test/unit/web/palette.test.ts so a change of colour cannot quietly drop below it.
 */
export const palette = {
  /** Page background (body) and card/table background. */
  page: '#f6f7f9',
  surface: '#ffffff',
  /** The red header bar, and the white text and rings on it. */
  header: '#8b1a1a',
  /** Focus ring on the light page: a dark gold, 5.5:1 on white (the former #f2b700 was 1.8:1). */
  focus: '#8a6100',
  /** Focus ring on the red header bar, where the dark gold would vanish: the bright gold, 5.1:1. */
  focusOnHeader: '#f2b700',
  /** Borders of text inputs, selects and textareas: 4.5:1 on white (the former #999 was 2.85:1). */
  inputBorder: '#767676',
  /** Primary buttons' fill and the secondary buttons' border. */
  action: '#0b4f9c',
  /** Danger buttons' border and invalid fields' border. */
  danger: '#aa1111',
} as const;

/** Relative luminance of an sRGB colour "#rrggbb" (WCAG 2.1 definition). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const v = parseInt(h, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
