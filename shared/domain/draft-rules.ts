import { conflict, forbidden } from '../errors';
import type { Caller } from './lifecycle';
import { stateNames } from './lifecycle';
import type { DispatchState } from '../schemas/dispatch';

/**
 * Deleting a draft: only a draft (nothing was signed, numbered or sent, so nothing is lost that the
 * register or a unit relies on), only by a clerk of its own agency (who may edit it), only on the
 * version they saw. Pure: the repository deletes on the same (state, version) condition.
 */
export function checkDraftDelete(current: { state: DispatchState; version: number; agencyCode: string }, caller: Caller, seenVersion: number): void {
  if (!caller.roles.includes('clerk')) {
    throw forbidden({ vi: 'Vai trò của bạn không được xóa dự thảo.', en: 'Your role may not delete a draft.' });
  }
  if (caller.agencyCode !== current.agencyCode) {
    throw forbidden({
      vi: `Dự thảo này của cơ quan ${current.agencyCode}; chỉ người của cơ quan đó mới được xóa.`,
      en: `This draft belongs to ${current.agencyCode}; only its own people may delete it.`,
    });
  }
  if (current.state !== 'draft') {
    throw conflict(
      {
        vi: `Chỉ xóa được dự thảo; công văn này đang ở trạng thái "${stateNames[current.state].vi}".`,
        en: `Only a draft can be deleted; this dispatch is ${stateNames[current.state].en}.`,
      },
      { state: current.state, version: current.version },
    );
  }
  if (current.version !== seenVersion) {
    throw conflict(
      {
        vi: `Dự thảo đã thay đổi (phiên bản hiện tại ${current.version}, bạn gửi ${seenVersion}). Hãy tải lại rồi thử lại.`,
        en: `The draft has changed (current version ${current.version}, you sent ${seenVersion}). Reload and try again.`,
      },
      { state: current.state, version: current.version },
    );
  }
}
