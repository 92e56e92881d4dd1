import { FormatRegistry } from '@sinclair/typebox';

/**
 * String formats for checking values with TypeBox's `Value` outside Fastify (Fastify's Ajv has its own).
 * RFC 3339 date-time, as Ajv's `date-time` format: date, `T`, time, and a zone.
 */
const dateTime = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => dateTime.test(v) && !Number.isNaN(Date.parse(v)));
}
