import { route } from '../routes';
import { transitionHandler } from '../../shared/http/transition-handler';

export const handler = transitionHandler(route('dispatches-submit'), 'submit');
