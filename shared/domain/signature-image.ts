/** The two images a signature shows on the page: an agency's seal, a person's handwritten signature. */
export type SignatureImageKind = 'seal' | 'signature';
