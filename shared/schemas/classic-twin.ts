import {
  globalRegistry,
  ZodArray,
  ZodBoolean,
  ZodCustom,
  ZodDefault,
  ZodDiscriminatedUnion,
  ZodEmail,
  ZodEnum,
  ZodISODate,
  ZodLiteral,
  ZodNever,
  ZodNullable,
  ZodNumber,
  ZodNumberFormat,
  ZodObject,
  ZodOptional,
  ZodPipe,
  ZodRecord,
  ZodString,
  ZodTransform,
  ZodUnion,
  ZodUnknown,
  ZodURL,
  type ZodType,
} from 'zod';
import type * as z from 'zod/mini';

/*
 * The runtime schemas are `zod/mini` (shared/schemas/common.ts says why). The OpenAPI generator
 * (@asteasolutions/zod-to-openapi) reads a few members only classic zod has: `.meta()`, and the getters
 * `.format`, `.minLength`, `.maxLength`, `.valueType`, `.keyType`. Classic and mini share zod's core: a
 * schema is its `_zod.def`, and the classic class of a mini one is named without "Mini". So each mini
 * schema becomes its classic twin: the same def, nested schemas made twins in turn, its metadata (OpenAPI
 * ids and descriptions) copied from the global registry. Only shared/schemas/openapi.ts imports this
 * module, which runs in `npm run openapi:generate` and the tests, never in a function (the `openapi` route
 * serves the generated document): no bundle carries classic zod.
 */

/** Classic constructors by the name of their mini counterpart; a kind missing here throws, so the OpenAPI test names it. */
const classicOf: Record<string, new (def: never) => ZodType> = {
  ZodMiniArray: ZodArray,
  ZodMiniBoolean: ZodBoolean,
  ZodMiniCustom: ZodCustom,
  ZodMiniDefault: ZodDefault,
  ZodMiniDiscriminatedUnion: ZodDiscriminatedUnion,
  ZodMiniEmail: ZodEmail,
  ZodMiniEnum: ZodEnum,
  ZodMiniISODate: ZodISODate,
  ZodMiniLiteral: ZodLiteral,
  ZodMiniNever: ZodNever,
  ZodMiniNullable: ZodNullable,
  ZodMiniNumber: ZodNumber,
  ZodMiniNumberFormat: ZodNumberFormat,
  ZodMiniObject: ZodObject,
  ZodMiniOptional: ZodOptional,
  ZodMiniPipe: ZodPipe,
  ZodMiniRecord: ZodRecord,
  ZodMiniString: ZodString,
  ZodMiniTransform: ZodTransform,
  ZodMiniUnion: ZodUnion,
  ZodMiniUnknown: ZodUnknown,
  ZodMiniURL: ZodURL,
};

type AnySchema = z.core.$ZodType;

const isSchema = (value: unknown): value is AnySchema =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as AnySchema)._zod?.def === 'object';

/** One twin per schema, so a schema with an id stays one component and shared pieces stay shared. */
const twins = new WeakMap<AnySchema, ZodType>();

/** The classic twin of a mini schema (a classic one is returned as it is). */
export function classicTwin(schema: AnySchema): ZodType {
  const known = twins.get(schema);
  if (known) return known;
  const name = schema._zod.constr.name;
  if (!name.startsWith('ZodMini')) return schema as unknown as ZodType;
  const Classic = classicOf[name];
  if (!Classic) throw new Error(`classicTwin: no classic twin for ${name}`);
  const def = twinDef(schema._zod.def as unknown as Record<string, unknown>) as never;
  const twin = new Classic(def);
  twins.set(schema, twin);
  const meta = globalRegistry.get(schema);
  if (meta) globalRegistry.add(twin, meta);
  // Classic's `.meta()` registers a clone whose `_zod.parent` is the schema before it, and so does every
  // check in either flavour. The generator reads a schema with a parent as one with OpenAPI metadata of
  // its own, and only then turns the `id` into a component: a twin has a parent (without metadata)
  // wherever its classic original had one.
  if (schema._zod.parent || meta) twin._zod.parent = new Classic(def);
  return twin;
}

/** The def with every nested schema made a twin; checks are core objects and stay as they are. */
function twinDef(def: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(def)) {
    if (key === 'checks') out[key] = value;
    else if (isSchema(value)) out[key] = classicTwin(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (isSchema(v) ? classicTwin(v) : v));
    else if (key === 'shape' && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSchema(v) ? classicTwin(v) : v]));
    else out[key] = value;
  }
  return out;
}
