/** The invisible-character filter is beneath every layer (format/), so templates use the same one. */
export { visibleText } from '../../format/visible-text';
