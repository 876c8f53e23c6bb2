import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { t } from '../../../templates/i18n';

/** Every .ts file under `dir`. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });

describe('the pages’ texts are one table (templates/i18n.ts) with one lookup, t()', () => {
  it('holds the texts that lived in the search, form, image and feedback tables, unchanged', () => {
    expect(t('vi', 'searchTo')).toBe('Đến ngày');
    expect(t('vi', 'searchDue_soon')).toBe('Đến hạn trong 7 ngày');
    expect(t('en', 'searchResults', { n: 4 })).toBe('4 results on this page.');
    expect(t('vi', 'pickerCount', { n: 3 })).toBe('Đã chọn 3 đơn vị');
    expect(t('vi', 'missingSubject')).toBe('[Trích yếu chưa nhập]');
    expect(t('vi', 'imageSealTitle')).toBe('Hình ảnh con dấu');
    expect(t('en', 'imageUpload')).toBe('Upload');
    expect(t('vi', 'issuedDone', { sent: 9, total: 9 })).toBe('Đã ban hành; đã gửi thư tới 9/9 đơn vị.');
  });

  it('no other module of templates/ keeps a table of bilingual texts', () => {
    const tables = filesUnder('templates')
      .filter((f) => path.basename(f) !== 'i18n.ts')
      .filter((f) => /^\s+\w+: \{ vi: ['`]/m.test(readFileSync(f, 'utf8')));
    expect(tables).toEqual([]);
  });
});
