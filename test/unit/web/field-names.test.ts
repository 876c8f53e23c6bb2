import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from '../../../shared/schemas/messages';
import { formErrors } from '../../../templates/pages/app-layout';
import { namedFieldMessage, pageFieldName } from '../../../templates/pages/field-names';

describe('field errors on a page name the field as a person sees it (issue 14)', () => {
  it('replaces the path a message starts with by the field’s name, in both languages', () => {
    const [version] = fieldErrors(z.object({ version: z.number().int().positive() }).safeParse({ version: 'x' }).error!.issues, '');
    expect(version!.vi.startsWith('version ')).toBe(true);
    expect(namedFieldMessage('vi', version!)).toMatch(/^Phiên bản: /);
    expect(namedFieldMessage('en', version!)).toMatch(/^Version: /);
    // A nested path (a query field, a body field) is named by its last segment.
    const cursor = { field: 'query.cursor', vi: 'query.cursor không hợp lệ', en: 'query.cursor is not valid' };
    expect(namedFieldMessage('vi', cursor)).toBe('Địa chỉ trang tiếp theo: không hợp lệ');
    expect(namedFieldMessage('en', cursor)).toBe('Next page’s address: is not valid');
    expect(namedFieldMessage('vi', { field: 'reason', vi: 'reason: không được để trống', en: 'reason: must not be empty' })).toBe('Lý do: không được để trống');
  });

  it('names a field its message does not name, and leaves one already named by its label or not a field at all', () => {
    expect(namedFieldMessage('vi', { field: 'history', vi: 'không hợp lệ', en: 'not valid' })).toBe('Trang lịch sử xử lý: không hợp lệ');
    expect(namedFieldMessage('vi', { field: 'version', vi: 'phiên bản không hợp lệ', en: 'invalid version' })).toBe('phiên bản không hợp lệ');
    // The register relabels its own fields (shared/web/field-labels.ts): not named twice.
    const issuer = { field: 'issuer', vi: 'Cơ quan ban hành (chữ viết tắt) chỉ gồm chữ in hoa', en: 'Issuer (abbreviation) capitals only' };
    expect(namedFieldMessage('vi', issuer)).toBe(issuer.vi);
    expect(namedFieldMessage('vi', { field: '(form)', vi: 'Công văn đã được sửa ở nơi khác.', en: 'Changed elsewhere.' })).toBe('Công văn đã được sửa ở nơi khác.');
    expect(pageFieldName('vi', 'body.version')).toBe('Phiên bản');
    expect(pageFieldName('vi', 'subject')).toBeUndefined();
  });

  it('the errors listed at the top of a page carry the names, no English path', () => {
    const shown = String(formErrors('vi', [
      { field: 'version', vi: 'version phải là số phiên bản (số nguyên dương)', en: 'version must be a version number' },
      { field: 'comment', vi: 'comment không được để trống', en: 'comment must not be empty' },
    ]));
    expect(shown).toContain('<li>Phiên bản: phải là số phiên bản (số nguyên dương)</li>');
    expect(shown).toContain('<li>Ý kiến: không được để trống</li>');
    expect(shown).not.toMatch(/\b(version|comment)\b/);
  });
});
