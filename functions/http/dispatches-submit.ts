import { transitionHandler } from '../../shared/http/transition-handler';

export const handler = transitionHandler('dispatches-submit', 'submit');
