// Response serializers are built when a route first answers, once, and write what Fastify's own would.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import fc from 'fast-check';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySerializers } from './lazy-serializers.ts';

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, count: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
} as const;

/** Fastify's own compiler, counting the serializers it builds. */
function countingBase() {
  const built: string[] = [];
  const base = SerializerSelector();
  const factory: typeof base = (externalSchemas, options) => {
    const compile = base(externalSchemas, options);
    return (route) => {
      built.push(`${route.method} ${route.url} ${route.httpStatus}`);
      return compile(route);
    };
  };
  return { factory, built };
}

describe('lazy response serializers', () => {
  it("build a route's serializer when the route first answers, and only once", async () => {
    const { factory, built } = countingBase();
    const app = Fastify({ schemaController: { compilersFactory: { buildSerializer: lazySerializers(factory) } } });
    app.get('/a', { schema: { response: { 200: schema } } }, async () => ({ name: 'a', count: 1, secret: 'not in the schema' }));
    app.get('/b', { schema: { response: { 200: schema } } }, async () => ({ name: 'b' }));
    await app.ready();
    expect(built).toEqual([]);
    const first = await app.inject('/a');
    expect(first.json()).toEqual({ name: 'a', count: 1 });
    await app.inject('/a');
    expect(built).toEqual(['GET /a 200']);
    await app.close();
  });

  it("write exactly what Fastify's own serializer writes", () => {
    const route = { method: 'GET', url: '/x', httpStatus: '200', schema };
    const eager = SerializerSelector()(undefined, {})(route);
    const lazy = lazySerializers()(undefined, {})(route);
    const doc = fc.record({ name: fc.string(), count: fc.integer(), tags: fc.array(fc.string()), other: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(doc, (d) => {
        expect(lazy(d)).toBe(eager(d));
      }),
    );
  });
});
