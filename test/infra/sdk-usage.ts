import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../infra/aws/paths';

/**
 * What a function's code can call on AWS, read statically: the `*Command` classes (and the presigner)
 * that its sources import from the AWS SDK, following relative imports from its handler entry, the way
 * esbuild would bundle them. Type-only imports are skipped (esbuild drops them).
 */
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s+from\s+'([^']+)'/g;

function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Imported names of one import clause, type-only names left out. */
function namesOf(clause: string): string[] {
  const braces = /\{([^}]*)\}/.exec(clause);
  if (!braces) return [];
  return braces[1]!
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n && !n.startsWith('type '))
    .map((n) => n.split(/\s+as\s+/)[0]!.trim());
}

export interface SdkUsage {
  /** `@aws-sdk/lib-dynamodb:GetCommand`, `@aws-sdk/client-ses:SendEmailCommand` … */
  readonly commands: ReadonlySet<string>;
  readonly files: readonly string[];
}

export function sdkUsageOf(entry: string): SdkUsage {
  const seen = new Set<string>();
  const commands = new Set<string>();
  const queue = [path.resolve(repoRoot, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const [, , typeOnly, clause, spec] = m as unknown as [string, string, string | undefined, string, string];
      if (typeOnly) continue;
      if (spec.startsWith('.')) {
        const resolved = resolveLocal(file, spec);
        if (resolved) queue.push(resolved);
      } else if (spec.startsWith('@aws-sdk/')) {
        for (const name of namesOf(clause)) if (name.endsWith('Command') || name === 'getSignedUrl') commands.add(`${spec}:${name}`);
      }
    }
  }
  return { commands, files: [...seen].map((f) => path.relative(repoRoot, f)) };
}

/** The IAM actions each SDK command needs (a document-client command needs its item action). */
export const ACTIONS_OF_COMMAND: Readonly<Record<string, readonly string[]>> = {
  GetCommand: ['dynamodb:GetItem'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  // A transaction needs the action of each kind of item it holds, ConditionCheck included.
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  GetObjectCommand: ['s3:GetObject'],
  PutObjectCommand: ['s3:PutObject'],
  ListObjectsCommand: ['s3:ListBucket'],
  ListObjectsV2Command: ['s3:ListBucket'],
  SendEmailCommand: ['ses:SendEmail'],
  SendRawEmailCommand: ['ses:SendRawEmail'],
  SignCommand: ['kms:Sign'],
  GetPublicKeyCommand: ['kms:GetPublicKey'],
  GetParameterCommand: ['ssm:GetParameter'],
  PutParameterCommand: ['ssm:PutParameter'],
  SendMessageCommand: ['sqs:SendMessage'],
  SendMessageBatchCommand: ['sqs:SendMessage'],
  ChangeMessageVisibilityCommand: ['sqs:ChangeMessageVisibility'],
  GetQueueAttributesCommand: ['sqs:GetQueueAttributes'],
  StartMessageMoveTaskCommand: ['sqs:StartMessageMoveTask'],
  ListMessageMoveTasksCommand: ['sqs:ListMessageMoveTasks'],
};

/** The actions a set of imported commands can call; a Cognito admin command `AdminXCommand` needs `cognito-idp:AdminX`. */
export function actionsOf(commands: Iterable<string>): Set<string> {
  const actions = new Set<string>();
  for (const id of commands) {
    const [pkg, name] = id.split(':') as [string, string];
    if (name === 'getSignedUrl') actions.add('s3:GetObject');
    else if (pkg === '@aws-sdk/client-cognito-identity-provider') actions.add(`cognito-idp:${name.replace(/Command$/, '')}`);
    else for (const a of ACTIONS_OF_COMMAND[name] ?? [`unknown:${id}`]) actions.add(a);
  }
  return actions;
}
