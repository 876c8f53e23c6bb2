import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { describe, expect, it } from 'vitest';
import * as classic from 'zod';
import * as z from 'zod/mini';
import { classicTwin } from '../../shared/schemas/classic-twin';

/** A parse's answer without the error's class (classic's ZodError and mini's $ZodError carry the same issues). */
const answer = (r: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) => ({ success: r.success, data: r.data, issues: r.error?.issues });

/** The classic twin the OpenAPI generator reads (shared/schemas/classic-twin.ts): same shape, same answers, classic members. */
describe('classic twin of a zod/mini schema', () => {
  it('is a classic schema with the same def kind, and one twin per schema', () => {
    const s = z.string().check(z.maxLength(5));
    const twin = classicTwin(s);
    expect(twin).toBeInstanceOf(classic.ZodString);
    expect(twin.def.type).toBe('string');
    expect(classicTwin(s)).toBe(twin);
  });

  it('keeps formats and bounds as classic getters', () => {
    const email = classicTwin(z.email()) as classic.ZodEmail;
    expect(email.format).toBe('email');
    const url = classicTwin(z.string().check(z.url())) as classic.ZodString;
    expect(url.format).toBe('url');
    expect((classicTwin(z.iso.date()) as classic.ZodISODate).format).toBe('date');
    const bounded = classicTwin(z.string().check(z.trim(), z.minLength(2), z.maxLength(9))) as classic.ZodString;
    expect([bounded.minLength, bounded.maxLength]).toEqual([2, 9]);
    const n = classicTwin(z.number().check(z.int(), z.gte(1), z.lte(99))) as classic.ZodNumber;
    expect([n.format, n.minValue, n.maxValue]).toEqual(['safeint', 1, 99]);
  });

  it('twins nested schemas: optional, default, enum, record, array, object', () => {
    const mini = z.strictObject({
      kind: z._default(z.enum(['a', 'b']), 'a'),
      note: z.optional(z.string()),
      tags: z.array(z.string()).check(z.maxLength(3)),
      extra: z.record(z.string(), z.number()),
    });
    const twin = classicTwin(mini) as classic.ZodObject;
    const shape = twin.shape as Record<string, classic.ZodType>;
    expect(shape.kind).toBeInstanceOf(classic.ZodDefault);
    expect((shape.kind as classic.ZodDefault<classic.ZodEnum>).unwrap()).toBeInstanceOf(classic.ZodEnum);
    expect(shape.note).toBeInstanceOf(classic.ZodOptional);
    expect(shape.tags).toBeInstanceOf(classic.ZodArray);
    const record = shape.extra as classic.ZodRecord;
    expect(record.keyType).toBeInstanceOf(classic.ZodString);
    expect(record.valueType).toBeInstanceOf(classic.ZodNumber);
    // The same answers as the mini schema, defaults and unknown keys included.
    for (const input of [{ tags: [], extra: {} }, { kind: 'c', tags: ['x'], extra: {} }, { tags: ['1', '2', '3', '4'], extra: { a: 'x' } }, { tags: [], extra: {}, other: 1 }]) {
      expect(answer(twin.safeParse(input))).toEqual(answer(mini.safeParse(input)));
    }
  });

  it('twins a discriminated union and a pipe with a transform', () => {
    const union = z.discriminatedUnion('kind', [z.object({ kind: z.literal('unit'), id: z.string() }), z.object({ kind: z.literal('group'), n: z.number() })]);
    const twin = classicTwin(union) as classic.ZodDiscriminatedUnion;
    expect(twin.options.every((o) => o instanceof classic.ZodObject)).toBe(true);
    for (const input of [{ kind: 'group', n: 1 }, { kind: 'other' }, { kind: 'unit' }]) expect(answer(twin.safeParse(input))).toEqual(answer(union.safeParse(input)));
    const upper = z.pipe(z.string().check(z.minLength(1)), z.transform((s: string) => s.toUpperCase()));
    const upperTwin = classicTwin(upper) as classic.ZodPipe;
    expect(upperTwin).toBeInstanceOf(classic.ZodPipe);
    expect(upperTwin.out).toBeInstanceOf(classic.ZodTransform);
    expect(upperTwin.parse('cntt')).toBe('CNTT');
  });

  it('carries the registry metadata, and the generator makes a component of an id', () => {
    const inner = z.object({ a: z.string().register(z.globalRegistry, { description: 'Chữ / Letters' }) }).register(z.globalRegistry, { id: 'TwinTestInner' });
    const outer = z.object({ inner, list: z.array(inner) }).register(z.globalRegistry, { id: 'TwinTestOuter' });
    const twin = classicTwin(outer);
    expect(twin.meta()).toEqual({ id: 'TwinTestOuter' });
    const registry = new OpenAPIRegistry();
    registry.registerPath({
      method: 'post',
      path: '/x',
      request: { body: { content: { 'application/json': { schema: twin } } } },
      responses: { 200: { description: 'OK' } },
    });
    const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info: { title: 't', version: '1' } }) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['TwinTestInner', 'TwinTestOuter']);
    expect(doc.components.schemas.TwinTestOuter!.properties.inner).toEqual({ $ref: '#/components/schemas/TwinTestInner' });
    expect(doc.components.schemas.TwinTestInner!.properties.a).toEqual({ type: 'string', description: 'Chữ / Letters' });
  });

  it('names a kind it has no twin for', () => {
    expect(() => classicTwin(z.bigint())).toThrow(/ZodMiniBigInt/);
  });
});
