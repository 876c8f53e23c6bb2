import type { DispatchRecord } from '../data/dispatch-repo';
import type { ResetRequestRecord } from '../data/reset-request-repo';
import type { Unit } from '../schemas/directory';
import type { LetterModel } from '../pdf/letter-model';
import { inRunningText } from '../domain/names';
import { viDate } from '../domain/time';

/**
 * A unit's reset request printed as its own letter (công văn) to the IT Department. The unit numbers
 * it in its own register, so the number is left blank; the date is the day it was sent. It lists
 * mailboxes only: no password is ever asked for, stored or printed.
 */
export const IT_DEPARTMENT_LINE = 'Cục Công nghệ thông tin – Bộ Tư pháp';

export function resetLetterOf(request: ResetRequestRecord, unit: Unit | undefined, dispatch: DispatchRecord | undefined, issuedOn: string): LetterModel {
  const reset = request.accounts.filter((a) => a.action === 'reset').map((a) => `- ${a.email}`);
  const revoke = request.accounts.filter((a) => a.action === 'revoke').map((a) => `- ${a.email}`);
  const to = dispatch?.content.requirements.find((r) => r.response === 'accounts')?.to ?? IT_DEPARTMENT_LINE;
  const requirements = [
    ...(reset.length ? [{ text: `Cấp lại mật khẩu các tài khoản thư công vụ bị lộ:\n${reset.join('\n')}` }] : []),
    ...(revoke.length ? [{ text: `Thu hồi các tài khoản thư công vụ không còn sử dụng:\n${revoke.join('\n')}` }] : []),
  ].map((r, i) => ({ n: i + 1, ...r }));
  return {
    issuer: { name: request.unitName.toLocaleUpperCase('vi'), code: unit?.code ?? request.unitId.toUpperCase(), place: unit?.province ?? 'Hà Nội' },
    draftingUnit: '',
    issuedOn,
    subject: 'đề nghị cấp lại mật khẩu và thu hồi tài khoản thư công vụ',
    addresseeLines: [to],
    opening: `Thực hiện Công văn số ${request.dispatchSymbol}${dispatch?.issuedOn ? ` ngày ${viDate(dispatch.issuedOn)}` : ''} của ${dispatch ? inRunningText(dispatch.content.issuer.name) : 'cơ quan ban hành'}, ${request.unitName} đề nghị ${to} xử lý các tài khoản sau:`,
    requirements,
    closing: 'Mật khẩu mới đề nghị gửi trực tiếp cho người sử dụng tài khoản; văn bản này không chứa và không yêu cầu mật khẩu.',
    // "- Như trên;" is printed by the layout itself.
    copies: [],
    archive: ['VT'],
    signer: { authority: null, position: request.contact.position.toLocaleUpperCase('vi'), name: request.contact.name },
    draft: false,
  };
}
