import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  StreamFramer,
  createRequest,
  createResponse,
  formatNameAddr,
  formatUri,
  formatVia,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  serializeMessage,
  typedHeaders,
  uriEquals,
  validateRequest,
  validateResponse,
  type SipMessage,
} from '../../src/sip/index.ts';
import { body, callId, extensionFields, nameAddrArb, sipUriArb, telUriArb, token, uriArb, viaArb } from './support/arbitraries.ts';
import { tortureDirectory } from './support/fixtures.ts';

const runs = { numRuns: 300 };

describe('round trips: format → parse gives the value back', () => {
  it('URIs', () => {
    fc.assert(
      fc.property(uriArb, (uri) => {
        const parsed = parseUri(formatUri(uri));
        expect(parsed).toEqual({ ok: true, value: uri });
        if (parsed.ok) expect(uriEquals(parsed.value, uri)).toBe(true);
      }),
      runs,
    );
  });

  it('name-addrs', () => {
    fc.assert(
      fc.property(nameAddrArb, (address) => {
        expect(parseNameAddr(formatNameAddr(address))).toEqual({ ok: true, value: address });
      }),
      runs,
    );
  });

  it('Vias', () => {
    fc.assert(
      fc.property(viaArb, (value) => {
        expect(parseVia(formatVia(value))).toEqual({ ok: true, value });
      }),
      runs,
    );
  });

  const requests = fc
    .record({
      method: token,
      // A Request-URI carries no headers (RFC 3261 §19.1.1).
      uri: fc.oneof(sipUriArb.map((uri) => ({ ...uri, headers: new Map<string, string>() })), telUriArb),
      via: fc.array(viaArb, { minLength: 1, maxLength: 3 }),
      from: nameAddrArb,
      to: nameAddrArb,
      callId,
      cseq: fc.nat(2 ** 32 - 1),
      maxForwards: fc.nat(255),
      route: fc.array(nameAddrArb, { maxLength: 2 }),
      contact: fc.array(nameAddrArb, { maxLength: 2 }),
      headers: extensionFields,
      body,
    })
    .map((options) => createRequest({ ...options, contentType: options.body.length > 0 ? 'application/octet-stream' : undefined }));

  it('requests', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const parsed = parseMessage(serializeMessage(request));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok || parsed.message.kind !== 'request') return;
        const again = parsed.message;
        expect([again.method, again.uri, again.uriText]).toEqual([request.method, request.uri, request.uriText]);
        expect(typedView(again)).toEqual(typedView(request));
        expect(again.fields()).toEqual(request.fields());
        expect(again.body.equals(request.body)).toBe(true);
      }),
      runs,
    );
  });

  it('responses', () => {
    // Reason-Phrase is text: no control characters but HTAB.
    const reasonPhrase = fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .filter((text) => [...text].every((char) => char === '\t' || (char >= ' ' && char !== '\x7f')));
    fc.assert(
      fc.property(requests, fc.integer({ min: 100, max: 699 }), reasonPhrase, token, body, (request, status, reason, toTag, content) => {
        const response = createResponse(request, status, { reason, toTag, body: content, contentType: 'application/octet-stream' });
        const parsed = parseMessage(serializeMessage(response));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok || parsed.message.kind !== 'response') return;
        expect([parsed.message.status, parsed.message.reason]).toEqual([status, reason]);
        expect(typedView(parsed.message)).toEqual(typedView(response));
        expect(parsed.message.body.equals(content)).toBe(true);
      }),
      runs,
    );
  });
});

function typedView(message: SipMessage): unknown {
  return {
    via: message.via,
    from: message.from,
    to: message.to,
    callId: message.callId,
    cseq: message.cseq,
    maxForwards: message.maxForwards,
    route: message.parseHeader('Route'),
    contact: message.parseHeader('Contact'),
  };
}

/** Every raw torture message, and the project's own, as mutation seeds. */
const seeds = ['rfc4475', 'rfc5118']
  .flatMap((dir) => readdirSync(resolve(tortureDirectory, dir)).map((file) => resolve(tortureDirectory, dir, file)))
  .concat(readdirSync(resolve(import.meta.dirname, '../fixtures/sip')).map((file) => resolve(import.meta.dirname, '../fixtures/sip', file)))
  .filter((path) => /\.(dat|sip)$/.test(path))
  .map((path) => readFileSync(path));

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...[',', ';', '"', '<', '>', ':', '\r\n', '\r\n ', '\n', '%', '[', ']', '\\'].map((s) => Buffer.from(s))) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip' && bytes.length > 0) bytes[at] = m.byte;
    else if (m.kind === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    else if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (m.kind === 'duplicate') bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
  }
  return bytes;
}

/** A parse result is a message or a typed error; what parses is usable and survives a round trip. */
function checkRobust(bytes: Buffer): void {
  const result = parseMessage(bytes);
  if (!result.ok) {
    expect(typeof result.error.code).toBe('string');
    return;
  }
  const message = result.message;
  if (message.kind === 'request') validateRequest(message);
  else validateResponse(message);
  for (const name of Object.keys(typedHeaders) as (keyof typeof typedHeaders)[]) message.parseHeader(name);
  const again = parseMessage(serializeMessage(message));
  expect(again.ok).toBe(true);
  if (again.ok) {
    expect(again.message.fields().filter((f) => !/^(content-length|l)$/i.test(f.name))).toEqual(
      message.fields().filter((f) => !/^(content-length|l)$/i.test(f.name)),
    );
    expect(again.message.body.equals(message.body)).toBe(true);
  }
}

describe('robustness: the parser never throws', () => {
  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkRobust(Buffer.from(bytes))), { numRuns: 500 });
  });

  it('on random text shaped like a message', () => {
    const line = fc.string({ unit: fc.constantFrom(...'SIP/2.0 INVITE sip:@;,<>"\\:= \t\r\nVia From To Call-ID CSeq l 0 1 9'.split('')), maxLength: 80 });
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }), (lines) => checkRobust(Buffer.from(lines.join('\r\n')))), { numRuns: 500 });
  });

  it('on mutated torture messages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        checkRobust(mutate(seed, mutations));
      }),
      { numRuns: 1500 },
    );
  });

  it('in the stream framer, on mutated streams cut anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...seeds), { minLength: 1, maxLength: 3 }), fc.array(mutation, { maxLength: 3 }), fc.nat(), (parts, mutations, cut) => {
        const stream = mutate(Buffer.concat(parts), mutations);
        const framer = new StreamFramer();
        const at = stream.length === 0 ? 0 : cut % stream.length;
        for (const event of [...framer.push(stream.subarray(0, at)), ...framer.push(stream.subarray(at))]) {
          if (event.kind === 'message') parseMessage(event.bytes);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('in any typed header parser, on any text', () => {
    const definitions = Object.values(typedHeaders);
    fc.assert(
      fc.property(fc.constantFrom(...definitions), fc.array(fc.string({ maxLength: 60 }), { maxLength: 3 }), (definition, lines) => {
        const parsed = definition.parse(lines);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
