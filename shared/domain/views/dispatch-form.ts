import type { SigningAuthority } from '../../schemas/dispatch';

/** The dispatch form as typed (shared/web/dispatch-form.ts turns it into a DispatchInput and back). */
export interface FormValues {
  /** What was typed, by input name. */
  values: Record<string, string>;
  addressees: string[];
  citations: string[];
}

/** What the form's pickers and citation list offer (shared/web/dispatch-form.ts `formChoices`). */
export interface FormChoices {
  agency: { code: string; name: string; parent: string; place: string };
  /** One option per signer and form they may sign in; the clerk cannot choose themself. */
  signers: {
    value: string;
    label: string;
    /** For the letter preview's signature block. */
    name: string;
    position: string;
    authority: SigningAuthority | null;
    headTitle: string;
  }[];
  units: { id: string; code: string; name: string }[];
  groups: { id: string; name: string; size: number; memberIds: string[] }[];
  directives: { id: string; label: string; subject: string; issuedOn: string }[];
  /** Shown beside the grace-days input: what an empty input means. */
  linkGraceDaysDefault: number;
  /** How many rows of each list the form shows at least (the form parser reads at least as many). */
  minRows: { requirements: number; copies: number; externals: number };
}
