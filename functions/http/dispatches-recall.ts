import { route } from '../routes';
import { commentedTransitionHandler } from '../../shared/http/transition-handler';

export const handler = commentedTransitionHandler(route('dispatches-recall'), 'recall');
