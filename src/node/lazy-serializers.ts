// Response serializers built at a route's first answer rather than at start-up: Fastify compiles one
// fast-json-stringify function per route, status and method (HEAD too) when the route is registered — 412 in a demo
// node, about 7 MB of generated source kept by V8 — while a node answers only a few of its routes in a session.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * A serializer factory (Fastify's `schemaController.compilersFactory.buildSerializer`) that hands each route a
 * serializer which compiles the route's schema with `base` the first time it is used, then reuses it. The output is the
 * same as the base compiler's; a schema the base cannot compile now fails at that route's first answer (a 500, logged)
 * instead of failing the start.
 */
export function lazySerializers(base: SerializerFactory = SerializerSelector()): SerializerFactory {
  return (externalSchemas, options) => {
    const compile = base(externalSchemas, options);
    return (route) => {
      let serialize: ((doc: unknown) => string) | undefined;
      return (doc: unknown) => (serialize ??= compile(route))(doc);
    };
  };
}
