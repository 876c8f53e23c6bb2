import { describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../../infra/local/demo-data';
import type { Actor } from '../../../shared/http/actor';
import type { DispatchRecord } from '../../../shared/data/dispatch-repo';
import { dispatchPage } from '../../../templates/pages/app-dispatches';

const actor: Actor = { userId: 'u-vanthu', name: 'Văn thư', agencyCode: 'TCTHADS', roles: ['clerk'], sourceIp: '127.0.0.1' };
const dispatch = {
  id: 'd-1',
  agencyCode: 'TCTHADS',
  state: 'draft',
  version: 1,
  content: {
    ...exampleDispatchContent(),
    issuer: { name: 'Tổng cục Thi hành án dân sự', code: 'TCTHADS', place: 'Hà Nội' },
    signer: { userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', position: 'Phó Tổng cục trưởng', authority: 'KT', headTitle: 'TỔNG CỤC TRƯỞNG' },
  },
  stats: { recipients: 0, mailSent: 0, mailFailed: 0 },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
} as unknown as DispatchRecord;

describe('the dispatch page says whether its audit trail is intact (issue 13)', () => {
  it('in Vietnamese first, and in English', () => {
    const shell = (lang: 'vi' | 'en') => ({ lang, actor, csrf: 'c' });
    expect(dispatchPage(shell('vi'), { dispatch, audit: { intact: true } })).toContain('<dt>Nhật ký thao tác</dt><dd class="audit-trail">nguyên vẹn</dd>');
    expect(dispatchPage(shell('vi'), { dispatch, audit: { intact: false, seq: 4 } })).toContain('<span class="badge failed">bị sửa đổi (sự kiện 4)</span>');
    expect(dispatchPage(shell('en'), { dispatch, audit: { intact: false, seq: 4 } })).toContain('tampered with (event 4)');
  });
});
