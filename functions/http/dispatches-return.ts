import { commentedTransitionHandler } from '../../shared/http/transition-handler';

export const handler = commentedTransitionHandler('dispatches-return', 'return');
