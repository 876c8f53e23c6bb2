import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dispatchMatches,
  dispatchSearchText,
  directiveMatches,
  dueStatusOf,
  firstDueDate,
  NO_DUE_DATE,
  registerMatches,
  type SearchableDispatch,
} from '../../../shared/domain/list-search';
import { foldText, matchesTerms, MAX_SEARCH_TERMS, searchTerms, searchTextOf } from '../../../shared/domain/search-text';

/** Every Vietnamese letter with its marks, lower and upper case, and what it folds to. */
const VIETNAMESE: Record<string, string> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
  d: 'dđ',
};

describe('foldText', () => {
  it('folds tones, circumflex, breve, horn and đ, lowers case, and turns punctuation into single spaces', () => {
    expect(foldText('Kế hoạch CNTT – Đà Nẵng, 05/TCTHADS-CNTT')).toBe('ke hoach cntt da nang 05 tcthads cntt');
    expect(foldText('  ỨNG DỤNG   công nghệ  ')).toBe('ung dung cong nghe');
    for (const [base, letters] of Object.entries(VIETNAMESE)) {
      for (const letter of letters) {
        expect(foldText(letter)).toBe(base);
        expect(foldText(letter.toUpperCase())).toBe(base);
      }
    }
  });

  it('gives the same text for composed (NFC) and decomposed (NFD) input', () => {
    const word = 'Thừa Thiên Huế';
    expect(foldText(word.normalize('NFD'))).toBe(foldText(word.normalize('NFC')));
  });

  const vietnameseWord = fc
    .array(fc.constantFrom(...Object.values(VIETNAMESE).join('').split(''), 'n', 'g', 'h', 't', 'c', 'N', 'Đ', 'Ư', '0', '5'), { minLength: 1, maxLength: 8 })
    .map((cs) => cs.join(''));
  const vietnameseText = fc
    .tuple(fc.array(vietnameseWord, { minLength: 1, maxLength: 8 }), fc.constantFrom(' ', ', ', ' – ', '/'))
    .map(([ws, separator]) => ws.join(separator));

  it('is idempotent and leaves only a–z, 0–9 and single spaces for Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        const folded = foldText(s);
        expect(foldText(folded)).toBe(folded);
        expect(folded).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
      }),
    );
  });

  it('finds any word of a text whether typed with or without marks, in any case', () => {
    fc.assert(
      fc.property(vietnameseText, fc.nat(), fc.boolean(), (s, pick, upper) => {
        const words = s.split(/[ ,–/]+/).filter(Boolean);
        const word = words[pick % words.length]!;
        const typed = upper ? word.toUpperCase() : foldText(word);
        expect(matchesTerms(searchTextOf([s]), searchTerms(typed))).toBe(true);
      }),
    );
  });
});

describe('searchTerms', () => {
  it('folds, drops repeats and words another word contains, and keeps at most MAX_SEARCH_TERMS', () => {
    expect(searchTerms('Kế hoạch kế HOẠCH')).toEqual(['ke', 'hoach']);
    expect(searchTerms('ke hoach hoa')).toEqual(['ke', 'hoach']);
    expect(searchTerms('  ')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
    expect(searchTerms('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')).toHaveLength(MAX_SEARCH_TERMS);
  });

  it('needs every word: "ke hoach" finds "Kế hoạch", "hoạch kế" too, "ke toan" does not', () => {
    const text = searchTextOf(['Kế hoạch ứng dụng CNTT']);
    expect(matchesTerms(text, searchTerms('ke hoach'))).toBe(true);
    expect(matchesTerms(text, searchTerms('hoạch kế'))).toBe(true);
    expect(matchesTerms(text, searchTerms('ke toan'))).toBe(false);
  });
});

const dispatch = (over: Partial<SearchableDispatch> = {}, dueDates: (string | undefined)[] = ['2026-12-10']): SearchableDispatch => ({
  state: 'issued',
  createdAt: '2026-11-30T18:00:00.000Z', // 1 December in Vietnam
  symbol: '05/TCTHADS-CNTT',
  content: {
    subject: 'Triển khai phần mềm quản lý thi hành án',
    issuer: { name: 'TỔNG CỤC THI HÀNH ÁN DÂN SỰ', code: 'TCTHADS', parent: 'BỘ TƯ PHÁP' },
    signer: { name: 'Mai Lương Khôi' },
    addressees: [{ kind: 'external', name: 'Sở Tư pháp tỉnh Lào Cai' }, { kind: 'unit' }],
    copies: [{ label: 'Vụ Pháp chế' }],
    requirements: dueDates.map((dueDate) => (dueDate ? { dueDate } : {})),
  },
  ...over,
});

describe('dispatch search', () => {
  const today = '2026-12-05';
  const none = { terms: [] };

  it('finds by number, symbol, subject, issuer, signer, addressee and copy, without marks', () => {
    for (const q of ['05/tcthads', 'TCTHADS-CNTT', 'phan mem thi hanh an', 'tong cuc', 'bo tu phap', 'mai luong khoi', 'lao cai', 'vu phap che']) {
      expect(dispatchMatches(dispatch(), { terms: searchTerms(q) }, today), q).toBe(true);
    }
    expect(dispatchMatches(dispatch(), { terms: searchTerms('ha noi') }, today)).toBe(false);
  });

  it('uses the stored text when there is one (it may name the directory units), the record otherwise', () => {
    const stored = dispatchSearchText(dispatch(), 'Cục THADS tỉnh Yên Bái');
    expect(dispatchMatches(dispatch(), { terms: searchTerms('yen bai') }, today, stored)).toBe(true);
    expect(dispatchMatches(dispatch(), { terms: searchTerms('yen bai') }, today)).toBe(false);
  });

  it('takes the created date in Vietnam for the date range', () => {
    expect(dispatchMatches(dispatch(), { ...none, from: '2026-12-01', to: '2026-12-01' }, today)).toBe(true);
    expect(dispatchMatches(dispatch(), { ...none, to: '2026-11-30' }, today)).toBe(false);
    expect(dispatchMatches(dispatch(), { ...none, from: '2026-12-02' }, today)).toBe(false);
  });

  it('due status: overdue while open, soon within 7 days, none without a due date; closed and recalled are neither', () => {
    expect(firstDueDate(dispatch({}, ['2026-12-20', '2026-12-01', undefined]))).toBe('2026-12-01');
    expect(firstDueDate(dispatch({}, [undefined]))).toBe(NO_DUE_DATE);
    expect(dueStatusOf('2026-12-04', true, today)).toBe('overdue');
    expect(dueStatusOf('2026-12-05', true, today)).toBe('soon');
    expect(dueStatusOf('2026-12-12', true, today)).toBe('soon');
    expect(dueStatusOf('2026-12-13', true, today)).toBe('later');
    expect(dueStatusOf('2026-12-04', false, today)).toBe('closed');
    expect(dueStatusOf(NO_DUE_DATE, true, today)).toBe('none');
    expect(dispatchMatches(dispatch({}, ['2026-12-01']), { ...none, due: 'overdue' }, today)).toBe(true);
    expect(dispatchMatches(dispatch({ closedAt: '2026-12-04T00:00:00Z' }, ['2026-12-01']), { ...none, due: 'overdue' }, today)).toBe(false);
    expect(dispatchMatches(dispatch({ state: 'recalled' }, ['2026-12-01']), { ...none, due: 'overdue' }, today)).toBe(false);
    expect(dispatchMatches(dispatch({}, [undefined]), { ...none, due: 'none' }, today)).toBe(true);
  });
});

describe('directive and register search', () => {
  const directive = { number: '2647', symbol: 'VPCP-KSTT', issuingBody: 'Văn phòng Chính phủ', subject: 'Đẩy mạnh chuyển đổi số', receivedOn: '2026-11-02', deadline: '2026-11-30' };
  it('finds a directive by number/symbol, issuing body and subject; filters issuer, received date and deadline', () => {
    const s = (q: string, more = {}) => directiveMatches(directive, { terms: searchTerms(q), issuerTerms: [], ...more }, '2026-12-05');
    expect(s('2647/vpcp')).toBe(true);
    expect(s('chuyen doi so')).toBe(true);
    expect(s('', { issuerTerms: searchTerms('van phong chinh phu') })).toBe(true);
    expect(s('', { issuerTerms: searchTerms('bo tu phap') })).toBe(false);
    expect(s('', { from: '2026-11-03' })).toBe(false);
    expect(s('', { due: 'overdue' })).toBe(true);
    expect(directiveMatches({ ...directive, state: 'withdrawn' }, { terms: [], issuerTerms: [], due: 'overdue' }, '2026-12-05')).toBe(false);
  });

  it('finds a register row by symbol, subject, signer and recipients, within issue dates', () => {
    const row = { number: 5, symbol: '05/TCTHADS-CNTT', subject: 'V/v Kế hoạch', signer: 'Mai Lương Khôi', recipients: 'Cục THADS tỉnh Yên Bái', issuedOn: '2026-03-04' };
    expect(registerMatches(row, { terms: searchTerms('yen bai khoi') })).toBe(true);
    expect(registerMatches(row, { terms: [], from: '2026-03-05' })).toBe(false);
  });
});
