import { z } from 'zod';

/**
 * Runtime configuration, read once per process and validated up front so a missing variable fails
 * at cold start with a clear message instead of half-way through a request.
 *
 * In AWS the endpoints are unset (the SDK's defaults apply). Locally the embedded stack sets them.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(1),
  PDF_BUCKET: z.string().min(1),
  MAIL_FROM: z.string().email(),
  /** Base URL of the public site, used to build emailed links, e.g. https://congvan.example.gov.vn */
  PUBLIC_BASE_URL: z.string().url(),
  AWS_REGION: z.string().min(1).default('ap-southeast-1'),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  SES_ENDPOINT: z.string().url().optional(),
  /** Days a link stays valid after the dispatch's last due date, unless the dispatch sets its own grace. */
  LINK_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const missing = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${missing}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Names of the variables, for the CDK app and the local stack that set them. */
export const configKeys = Object.keys(schema.shape) as (keyof Config)[];
