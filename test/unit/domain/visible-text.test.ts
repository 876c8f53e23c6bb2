import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../shared/domain/completion-report';
import { visibleText } from '../../../shared/domain/visible-text';
import { normalizeInline } from '../../../shared/pdf/text-layout';
import { html } from '../../../templates/html';

/**
 * A stored value that holds invisible or direction-changing characters (written before input refused
 * them, or straight into the table) shows without them on a page, in a CSV cell and in a PDF line.
 */
const stored = 'Cục\u202e THADS\u200b tỉnh\u2066 X\ufeff — báo cáo\u0007';

describe('invisible and direction-changing characters on output', () => {
  it('are dropped, and visible Vietnamese text, dashes and quotes stay', () => {
    expect(visibleText(stored)).toBe('Cục THADS tỉnh X — báo cáo');
    expect(visibleText('“Nơi nhận” – Hà Nội\nđoạn hai')).toBe('“Nơi nhận” – Hà Nội\nđoạn hai');
  });

  it('never reach a page, an export cell or a PDF line', () => {
    expect(String(html`<td>${stored}</td>`)).toBe('<td>Cục THADS tỉnh X — báo cáo</td>');
    expect(csvCell(`=${stored}`)).toBe("'=Cục THADS tỉnh X — báo cáo");
    expect(normalizeInline(stored)).toBe('Cục THADS tỉnh X — báo cáo');
  });
});
