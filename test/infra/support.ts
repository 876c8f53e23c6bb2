import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '../../infra/aws/create-app';
import { repoRoot } from '../../infra/aws/paths';

/** The context of cdk.json (feature flags and settings), so tests build what `cdk synth` builds. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/**
 * The real app (nag plugins included) with stub function code: no bundling, and no need for every
 * handler file to exist. `Template.fromStack` synthesizes, so an unacknowledged error-level nag
 * finding already fails here.
 */
export function stubApp(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-test-'));
  outdirs.push(outdir);
  const { app, stack } = createApp({ code: 'stub', appProps: { context: { ...cdkJsonContext(), ...context }, outdir } });
  return { app, stack, template: () => Template.fromStack(stack) };
}

const outdirs: string[] = [];

/** Removes the assemblies stubApp wrote (call it in afterAll). */
export function removeOutdirs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

type Json = Record<string, unknown>;
export interface CfnResource {
  Type: string;
  Properties: Json & Record<string, any>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export const resourcesOf = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

/** `{ Ref: X }` or `{ 'Fn::GetAtt': [X, …] }` → X. */
export function refTarget(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Json;
    if (typeof v.Ref === 'string') return v.Ref;
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
}

/** IAM statements of every policy attached to a role, by role logical id. */
export function statementsByRole(template: Template): Map<string, Json[]> {
  const byRole = new Map<string, Json[]>();
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
    for (const role of policy.Properties.Roles as unknown[]) {
      const id = refTarget(role)!;
      byRole.set(id, [...(byRole.get(id) ?? []), ...statements]);
    }
  }
  return byRole;
}

export const actionsOf = (statement: Json): string[] => [statement.Action].flat() as string[];
