import { consumers } from '../../functions/consumers';
import { AUDIT_SEAL_JOB, jobs } from '../../functions/jobs';
import { queues } from '../../functions/queues';
import { routes } from '../../functions/routes';

/**
 * Every Lambda function the CDK app deploys, one row per route, stream consumer, queue consumer and job
 * (the same four tables infra/aws/stack.ts walks), with what decides its bundle budget. Read by the
 * bundle budget test and `npm run bench`; plain data, so neither needs aws-cdk-lib.
 */
export interface FunctionEntry {
  /** The id the stack registers it under (`handlers`): route, consumer or job id, `queue:<id>` for queues. */
  readonly id: string;
  /** Handler module relative to the repository root. */
  readonly entry: string;
  /** Renders, signs or checks the signatures of PDFs (or audit seals): the heavy libraries are its job. */
  readonly rendersOrSigns: boolean;
}

/**
 * Needs that bring PDF rendering or parsing (pdf-lib, fontkit, fonts) or signing and signature checking
 * (CMS, X.509) into a function. `pdfLink` only presigns a URL; `mail`/`enqueue` only send. `certify`:
 * the CSR is signed by the identity's KMS key and an imported chain's signatures are checked (X.509,
 * ASN.1); `imageWrite`: an uploaded seal or signature is decoded by pdf-lib, the decoder that draws it
 * into the letters (reading one, `imageRead`, is light).
 */
const HEAVY_NEEDS: ReadonlySet<string> = new Set(['pdfRead', 'pdfWrite', 'sign', 'verify', 'auditRead', 'certify', 'imageWrite']);
/**
 * Functions that render a document other than a PDF: the XLSX report writes a spreadsheet
 * (write-excel-file; shared/services/completion-xlsx.ts keeps it out of every other function).
 */
const RENDERS_SPREADSHEETS: ReadonlySet<string> = new Set(['dispatches-report-xlsx', 'web-export']);
/** Jobs whose signing grant the stack gives outside `needs` (audit seals are signed with their own key). */
const SIGNING_JOBS: ReadonlySet<string> = new Set([AUDIT_SEAL_JOB.id]);

const heavy = (needs: readonly string[] | undefined) => (needs ?? []).some((n) => HEAVY_NEEDS.has(n));

export const functionCatalog: readonly FunctionEntry[] = [
  ...routes.map((r) => ({ id: r.id, entry: r.entry, rendersOrSigns: heavy(r.needs) || RENDERS_SPREADSHEETS.has(r.id) })),
  ...consumers.map((c) => ({ id: c.id, entry: c.entry, rendersOrSigns: heavy(c.needs) })),
  ...queues.map((q) => ({ id: `queue:${q.id}`, entry: q.entry, rendersOrSigns: heavy(q.needs) })),
  ...jobs.map((j) => ({ id: j.id, entry: j.entry, rendersOrSigns: heavy(j.needs) || SIGNING_JOBS.has(j.id) })),
];

/** Minified bundle budgets (issue 11), in bytes of index.mjs (KB = 1000 bytes). */
export const BUNDLE_BUDGET = { light: 300_000, heavy: 900_000 } as const;
export const budgetOf = (f: FunctionEntry): number => (f.rendersOrSigns ? BUNDLE_BUDGET.heavy : BUNDLE_BUDGET.light);
