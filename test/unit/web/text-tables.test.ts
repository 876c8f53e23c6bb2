import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { t } from '../../../templates/i18n';
import { commonTexts } from '../../../templates/text/common';
import { linkTexts } from '../../../templates/text/link';
import { linkT } from '../../../templates/text/link-t';
import type { TextTable } from '../../../templates/text/lookup';
import { staffTexts } from '../../../templates/text/staff';

/** Every .ts file under `dir`. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });

const areas: Record<string, TextTable> = { common: commonTexts, link: linkTexts, staff: staffTexts };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the pages’ texts: tables by area (templates/text/), one lookup', () => {
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

  it('the link pages look up the common and link texts the same way, and carry no staff text', () => {
    expect(linkT('vi', 'linkHeading', { symbol: '05/TCTHADS-CNTT', date: '03/12/2026' })).toBe('Công văn số 05/TCTHADS-CNTT ngày 03/12/2026');
    expect(linkT('en', 'appName')).toBe(t('en', 'appName'));
    expect(linkT('vi', 'linkAt', {})).toBe(linkTexts.linkAt.vi);
    expect(Object.keys(linkTexts).filter((k) => k in staffTexts)).toEqual([]);
  });

  it('no key is in two areas (the lookups merge them: one would hide the other)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [area, table] of Object.entries(areas))
      for (const key of Object.keys(table)) {
        if (seen.has(key)) twice.push(`${key}: ${seen.get(key)} and ${area}`);
        seen.set(key, area);
      }
    expect(twice).toEqual([]);
  });

  it('every text has both languages, composed (NFC), trimmed, with the same placeholders in each', () => {
    const wrong: string[] = [];
    for (const [area, table] of Object.entries(areas))
      for (const [key, text] of Object.entries(table)) {
        for (const lang of ['vi', 'en'] as const) {
          const s = text[lang];
          if (!s || s !== s.trim() || s !== s.normalize('NFC')) wrong.push(`${area}.${key}.${lang}`);
        }
        if (placeholders(text.vi).join() !== placeholders(text.en).join()) wrong.push(`${area}.${key}: {…} differ`);
      }
    expect(wrong).toEqual([]);
  });

  it('no module of templates/ outside templates/text/ keeps a table of bilingual texts', () => {
    const tables = filesUnder('templates')
      .filter((f) => !f.startsWith(path.join('templates', 'text') + path.sep))
      .filter((f) => /^\s+\w+: \{ vi: ['`]/m.test(readFileSync(f, 'utf8')));
    expect(tables).toEqual([]);
  });
});
