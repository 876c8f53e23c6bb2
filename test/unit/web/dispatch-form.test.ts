import { describe, expect, it } from 'vitest';
import { exampleLetterContent } from '../../../infra/local/demo-data';
import { contentFromForm, formFromContent } from '../../../shared/web/dispatch-form';

/** The staff dispatch form and DispatchContent, both ways, for the link grace period. */
describe('dispatch form: linkGraceDays', () => {
  it('round-trips a dispatch’s own grace days', () => {
    const content = { ...exampleLetterContent(), linkGraceDays: 45 };
    const form = formFromContent(content);
    expect(form.values['linkGraceDays']).toBe('45');
    const back = contentFromForm(form);
    expect(back.errors).toBeUndefined();
    expect(back.content?.linkGraceDays).toBe(45);
  });

  it('leaves an empty input out, so the configured default applies', () => {
    const { linkGraceDays: _none, ...content } = { ...exampleLetterContent(), linkGraceDays: 1 };
    const form = formFromContent(content);
    expect(form.values['linkGraceDays']).toBe('');
    const back = contentFromForm(form);
    expect(back.errors).toBeUndefined();
    expect(back.content && 'linkGraceDays' in back.content).toBe(false);
    expect(contentFromForm({ ...form, values: { ...form.values, linkGraceDays: '   ' } }).content?.linkGraceDays).toBeUndefined();
  });

  it('accepts 0 and names the field, in both languages, for what the schema refuses', () => {
    const form = formFromContent(exampleLetterContent());
    expect(contentFromForm({ ...form, values: { ...form.values, linkGraceDays: '0' } }).content?.linkGraceDays).toBe(0);
    for (const bad of ['-1', '366', '2.5', 'ba mươi']) {
      const { content, errors } = contentFromForm({ ...form, values: { ...form.values, linkGraceDays: bad } });
      expect(content, bad).toBeUndefined();
      expect(errors?.map((e) => e.field), bad).toEqual(['linkGraceDays']);
      expect(errors![0]!.vi, bad).not.toBe('');
      expect(errors![0]!.en, bad).not.toBe('');
      // Beside the input its label names it: the message does not start with the path.
      expect(errors![0]!.vi.startsWith('linkGraceDays'), bad).toBe(false);
    }
  });
});
