import type { TextTable } from './lookup';

/**
 * The texts both the staff pages and the unit's pages behind the emailed link show (the brand, the
 * language switch, a requirement's and an account's words). Vietnamese first.
 */
export const commonTexts = {
  appName: { vi: 'Theo dõi công văn', en: 'Correspondence tracker' },
  switchLanguage: { vi: 'English', en: 'Tiếng Việt' },
  errorsHeading: { vi: 'Chưa thực hiện được:', en: 'Could not be done:' },
  requirementN: { vi: 'Yêu cầu {n}', en: 'Requirement {n}' },
  account: { vi: 'Tài khoản', en: 'Account' },
  requestedAction: { vi: 'Đề nghị', en: 'Asked' },
  accountStatus: { vi: 'Kết quả', en: 'Outcome' },
  action_reset: { vi: 'Cấp lại mật khẩu', en: 'Reset password' },
  action_revoke: { vi: 'Thu hồi', en: 'Revoke' },
  astatus_pending: { vi: 'Đang chờ', en: 'Pending' },
  astatus_reset: { vi: 'Đã cấp lại mật khẩu', en: 'Password reset' },
  astatus_revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
  astatus_rejected: { vi: 'Từ chối', en: 'Rejected' },
} as const satisfies TextTable;
