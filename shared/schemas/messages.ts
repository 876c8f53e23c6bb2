import type * as z from 'zod/mini';
import type { FieldError } from '../errors';

/**
 * Turns zod issues into field errors a person can act on, in Vietnamese and English.
 * Custom refinements use a short message key (e.g. `duplicate`) that is translated here, so every
 * user-facing validation text lives in one place.
 */
const customMessages: Record<string, { vi: string; en: string }> = {
  duplicate: { vi: 'bị trùng', en: 'is a duplicate' },
  'single-line': {
    vi: 'phải nằm trên một dòng: không được có ký tự xuống dòng hoặc ký tự tab',
    en: 'must be on one line: no line breaks or tabs',
  },
  'invisible-characters': {
    vi: 'không được chứa ký tự điều khiển, ký tự vô hình (độ rộng bằng 0) hoặc ký tự đổi chiều văn bản',
    en: 'must not contain control, zero-width (invisible) or text-direction characters',
  },
  abbreviation: { vi: 'chỉ gồm chữ in hoa, chữ số và dấu &', en: 'may contain only capital letters, digits and &' },
  code: { vi: 'chỉ gồm chữ in hoa, chữ số, dấu & và dấu -', en: 'may contain only capital letters, digits, & and -' },
  id: { vi: 'chỉ gồm chữ, chữ số, dấu - và _', en: 'may contain only letters, digits, - and _' },
  version: { vi: 'phải là số phiên bản (số nguyên dương)', en: 'must be a version number (a positive integer)' },
  'directive-number': { vi: 'phải là số, ví dụ 2647', en: 'must be a number such as 2647' },
  'directive-symbol': { vi: 'chỉ gồm chữ, chữ số, dấu -, dấu . và dấu &', en: 'may contain only letters, digits, -, . and &' },
  'not-with-unit': { vi: 'không dùng cùng với unitId (đơn vị trong danh bạ)', en: 'cannot be used together with unitId (a directory unit)' },
  'email-needs-external': { vi: 'chỉ dùng cho người nhận ngoài danh bạ (external: true)', en: 'is only for a recipient outside the directory (external: true)' },
  'external-conflict': {
    vi: 'trùng tên với một người nhận ngoài danh bạ khác nhưng khác địa chỉ thư điện tử',
    en: 'has the same name as another recipient outside the directory but a different email address',
  },
  'date-range': { vi: 'không được trước ngày bắt đầu', en: 'must not be before the start date' },
  'required-when-rejected': { vi: 'bắt buộc khi từ chối', en: 'is required when rejecting' },
  'required-with-authority': {
    vi: 'bắt buộc khi ký thay, thừa lệnh, thừa ủy quyền hoặc thay mặt',
    en: 'is required when signing with an authority (KT., TL., TUQ., TM.)',
  },
  'signer-needs-form': {
    vi: 'người ký cần ít nhất một hình thức ký (ký là người đứng đầu, KT., TL., TUQ., Q. hoặc TM.)',
    en: 'a signer needs at least one signing form (as head, KT., TL., TUQ., Q. or TM.)',
  },
};

/** A custom message by its key, for forms checked outside zod (the link pages). */
export const customMessage = (key: string): { vi: string; en: string } => customMessages[key] ?? { vi: 'không hợp lệ', en: 'is not valid' };

const typeNames: Record<string, { vi: string; en: string }> = {
  string: { vi: 'chuỗi ký tự', en: 'a string' },
  number: { vi: 'số', en: 'a number' },
  int: { vi: 'số nguyên', en: 'an integer' },
  boolean: { vi: 'true/false', en: 'a boolean' },
  array: { vi: 'danh sách', en: 'a list' },
  object: { vi: 'đối tượng', en: 'an object' },
};

function describe(issue: z.core.$ZodIssue): { vi: string; en: string } {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { vi: 'là bắt buộc', en: 'is required' };
      const t = typeNames[issue.expected] ?? { vi: issue.expected, en: issue.expected };
      return { vi: `phải là ${t.vi}`, en: `must be ${t.en}` };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1
          ? { vi: 'không được để trống', en: 'must not be empty' }
          : { vi: `phải có ít nhất ${min} ký tự`, en: `must have at least ${min} characters` };
      if (issue.origin === 'array') return { vi: `phải có ít nhất ${min} mục`, en: min === 1 ? 'must have at least one item' : `must have at least ${min} items` };
      return { vi: `phải lớn hơn hoặc bằng ${min}`, en: `must be at least ${min}` };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { vi: `dài quá ${max} ký tự`, en: `must have at most ${max} characters` };
      if (issue.origin === 'array') return { vi: `có quá ${max} mục`, en: `must have at most ${max} items` };
      return { vi: `phải nhỏ hơn hoặc bằng ${max}`, en: `must be at most ${max}` };
    }
    case 'unrecognized_keys':
      return { vi: 'là trường không được phép', en: 'is not an allowed field' };
    case 'invalid_format': {
      if (issue.format === 'date') return { vi: 'phải là ngày dạng YYYY-MM-DD', en: 'must be a date as YYYY-MM-DD' };
      if (issue.format === 'email') return { vi: 'phải là địa chỉ thư điện tử hợp lệ', en: 'must be a valid email address' };
      if (issue.format === 'regex') return customMessages[issue.message] ?? { vi: 'sai định dạng', en: 'has the wrong format' };
      return { vi: `sai định dạng ${issue.format}`, en: `must be a valid ${issue.format}` };
    }
    case 'invalid_value':
      return {
        vi: `phải là một trong: ${issue.values.map(String).join(', ')}`,
        en: `must be one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'invalid_union':
      return { vi: 'không đúng với kiểu nào được phép', en: 'does not match any allowed shape' };
    case 'custom':
      return customMessages[issue.message] ?? { vi: 'không hợp lệ', en: 'is not valid' };
    default:
      return { vi: 'không hợp lệ', en: 'is not valid' };
  }
}

export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const text = describe(issue);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        // A key with no name at all is still named, so the person can find it.
        const name = key === '' ? '""' : key;
        const field = base ? `${base}.${name}` : name;
        return { field, vi: `${field} ${text.vi}`, en: `${field} ${text.en}` };
      });
    }
    return [{ field: base || '(body)', vi: `${base || 'Nội dung'} ${text.vi}`, en: `${base || 'Body'} ${text.en}` }];
  });
}
