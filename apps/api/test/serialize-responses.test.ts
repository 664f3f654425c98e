import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { type ZodType, z } from 'zod';
import { serializerCompiler } from '../src/plugins/serialize-responses.ts';

// Responses go out through fast-json-stringify, and must carry the same JSON as zod's encoding wrote (required
// fields may come before optional ones): only the declared fields, never a column a use case happened to
// select, and zod's answer wherever JSON Schema falls short.

const route = (schema: ZodType) => ({ schema, method: 'GET', url: '/test', httpStatus: '200' });
const both = (schema: ZodType, data: unknown) => ({
  fast: JSON.parse(serializerCompiler(route(schema))(data)),
  zod: JSON.parse(zodSerializerCompiler(route(schema))(data)),
});

describe('response serialization', () => {
  it('sends only the declared fields, at every depth', () => {
    const schema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string().nullable() })) });
    const data = { passwordHash: 'canary', items: [{ id: 'a', name: null, sealedSecret: 'canary' }] };
    const { fast, zod } = both(schema, data);
    expect(fast).toEqual(zod);
    expect(JSON.stringify(fast)).not.toContain('canary');
  });

  it('reads as zod wrote it for unions, records, optional and unknown values', () => {
    const schema = z.object({
      result: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('ok'), value: z.number() }),
        z.object({ kind: z.literal('error'), message: z.string() }),
      ]),
      tags: z.record(z.string(), z.number()),
      note: z.string().optional(),
      payload: z.unknown(),
    });
    for (const data of [
      { result: { kind: 'ok', value: 1, leaked: 'x' }, tags: { a: 1 }, payload: { any: ['thing'] } },
      { result: { kind: 'error', message: 'no' }, tags: {}, note: 'n', payload: null },
    ]) {
      const { fast, zod } = both(schema, data);
      expect(fast).toStrictEqual(zod);
    }
  });

  it('refuses a response without a required field, as zod did', () => {
    const schema = z.object({ id: z.string() });
    expect(() => zodSerializerCompiler(route(schema))({})).toThrow();
    expect(() => serializerCompiler(route(schema))({})).toThrow();
  });

  it('sends the default the API document announces for a field left out (zod refused it)', () => {
    const schema = z.object({ language: z.string().default('en') });
    expect(JSON.parse(serializerCompiler(route(schema))({}))).toEqual({ language: 'en' });
  });
});
