/** The invisible-character filter is beneath every layer (shared/format/), so templates use the same one. */
export { visibleText } from '../format/visible-text';
