import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestedStack, type Stack } from 'aws-cdk-lib';
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
  const { app, stack, waf } = createApp({ code: 'stub', appProps: { context: { ...cdkJsonContext(), ...context }, outdir } });
  return { app, stack, waf, template: () => flatTemplate(stack) };
}

type Template_ = ReturnType<Template['toJSON']>;

/**
 * The stack and its nested stacks as one template, as if they were one stack: each nested stack's
 * resources are merged in, the parameters CDK passes them become the parent's expressions again, the
 * parent's reads of nested outputs become the outputs' values, and a DependsOn on a nested stack
 * becomes a DependsOn on each of its resources. Tests then check wiring without caring which stack
 * of the split (infra/aws/stack.ts, ROUTE_STACKS) a resource landed in.
 */
export function flatTemplate(stack: Stack): Template {
  const parent = Template.fromStack(stack).toJSON() as Template_;
  const resources = { ...(parent.Resources as Record<string, CfnResource>) };
  const nestedIds = new Map<string, string[]>();
  const nestedOutputs = new Map<string, Record<string, { Value: unknown }>>();
  for (const nested of stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c))) {
    const resourceId = stack.resolve(nested.nestedStackResource!.logicalId) as string;
    const child = Template.fromStack(nested).toJSON() as Template_;
    const parameters = (resources[resourceId]!.Properties.Parameters ?? {}) as Record<string, unknown>;
    const fromParent = (v: Json) => (typeof v.Ref === 'string' && v.Ref in parameters ? parameters[v.Ref] : undefined);
    const childResources = substitute(child.Resources, fromParent) as Record<string, CfnResource>;
    for (const [id, resource] of Object.entries(childResources)) {
      if (id in resources) throw new Error(`Logical id ${id} is in two stacks`);
      resources[id] = resource;
    }
    nestedIds.set(resourceId, Object.keys(childResources));
    nestedOutputs.set(resourceId, substitute(child.Outputs ?? {}, fromParent) as Record<string, { Value: unknown }>);
  }
  const nestedOutput = (v: Json) => {
    const getAtt = v['Fn::GetAtt'];
    if (!Array.isArray(getAtt) || typeof getAtt[1] !== 'string' || !getAtt[1].startsWith('Outputs.')) return undefined;
    return nestedOutputs.get(getAtt[0] as string)?.[getAtt[1].slice('Outputs.'.length)]?.Value;
  };
  const flat = substitute({ ...parent, Resources: resources }, nestedOutput) as Template_;
  for (const resource of Object.values(flat.Resources as Record<string, CfnResource>)) {
    if (resource.DependsOn) resource.DependsOn = [...new Set(resource.DependsOn.flatMap((id) => nestedIds.get(id) ?? [id]))];
  }
  return Template.fromJSON(flat);
}

/** A deep copy of `value` in which every object `replace` answers for is replaced by its answer. */
function substitute(value: unknown, replace: (v: Json) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, replace));
  if (value && typeof value === 'object') {
    const replaced = replace(value as Json);
    if (replaced !== undefined) return replaced;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, replace)]));
  }
  return value;
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
