/** A message in both languages; Vietnamese is shown first. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** What is wrong with one input, in both languages: the pages show it next to the input (shared/errors.ts throws it). */
export interface FieldError extends Bilingual {
  /** Dotted path of the offending field, e.g. `content.requirements.1.dueDate`. */
  field: string;
}
