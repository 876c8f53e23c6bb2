import { citingDispatchIds, createDirective, getDirective } from '../data/directive-repo';
import { getDispatch } from '../data/dispatch-repo';
import { notFound } from '../errors';
import type { Directive, DirectiveInput } from '../schemas/directive';
import { auditOf, type UseCaseContext } from './context';

export async function registerDirective(ctx: UseCaseContext, input: DirectiveInput): Promise<Directive> {
  const audit = auditOf(ctx, 'directive.register');
  const directive: Directive = { ...input, id: ctx.ids(), createdAt: audit.at, createdBy: ctx.actor.userId };
  await createDirective(directive, audit);
  return directive;
}

/** A directive with the dispatches that cite it (number, subject, state), newest first. */
export async function directiveWithDispatches(id: string) {
  const directive = await getDirective(id);
  if (!directive) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const dispatches = (await Promise.all((await citingDispatchIds(id)).map(getDispatch)))
    .filter((d) => d !== undefined)
    .map((d) => ({ id: d.id, state: d.state, symbol: d.symbol, issuedOn: d.issuedOn, subject: d.content.subject, createdAt: d.createdAt }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { ...directive, dispatches };
}
