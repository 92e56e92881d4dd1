import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Request validators and response serializers shared by every app this process builds. Fastify
 * compiles one of each per route when an app gets ready, which for ringroute's hundred-odd routes
 * costs over a second of CPU; `serve` builds one app, but the tests build one per test. The schemas
 * are the same module-level objects in every app, so what was compiled once is reused:
 * - validators: one Ajv pool for the process (`AjvCompiler` keys it by the shared schemas and the Ajv
 *   options, so apps with the same ones share an Ajv, and Ajv caches compiled schemas by object);
 * - serializers: fast-json-stringify output cached per response schema object and shared schemas.
 */
const buildValidator = AjvCompiler();

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type SerializerCompiler = ReturnType<SerializerFactory>;
type CompiledSerializer = ReturnType<SerializerCompiler>;

const selector = SerializerSelector();
const serializers = new Map<string, WeakMap<object, CompiledSerializer>>();

const buildSerializer: SerializerFactory = (externalSchemas, serializerOpts) => {
  const compile = selector(externalSchemas, serializerOpts);
  const key = JSON.stringify([externalSchemas, serializerOpts]);
  let cache = serializers.get(key);
  if (!cache) {
    cache = new WeakMap();
    serializers.set(key, cache);
  }
  const known = cache;
  return (route) => {
    const schema = route.schema;
    if (typeof schema !== 'object' || schema === null) return compile(route);
    const found = known.get(schema);
    if (found) return found;
    const compiled = compile(route);
    known.set(schema, compiled);
    return compiled;
  };
};

export const sharedSchemaController: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: { buildValidator, buildSerializer },
};
