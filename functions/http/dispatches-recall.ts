import { commentedTransitionHandler } from '../../shared/http/transition-handler';

export const handler = commentedTransitionHandler('dispatches-recall', 'recall');
