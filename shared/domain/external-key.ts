/**
 * How an external's name is compared: Unicode-composed, spaces collapsed, case folded. Its own module
 * because the dispatch schema (which refuses duplicate externals) and the recipient rules (which use
 * the schema's types) both need it: in either one it made a cycle.
 */
export const externalKey = (name: string): string => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
