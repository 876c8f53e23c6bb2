import { commentedTransitionHandler } from '../../shared/http/transition-handler';

export const handler = commentedTransitionHandler('dispatches-withdraw', 'withdraw');
