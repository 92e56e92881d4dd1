import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamFramer, parseErrorStatus, parseMessage, type FramerEvent } from '../../src/sip/index.ts';
import { ownFixture } from './support/fixtures.ts';

const invite = ownFixture('invite-sdp.sip');
const ok = ownFixture('ok-200.sip');
const register = ownFixture('register-auth.sip');

function messages(events: FramerEvent[]): string[] {
  return events.flatMap((event) => (event.kind === 'message' ? [event.bytes.toString('latin1')] : []));
}

function kinds(events: FramerEvent[]): string[] {
  return events.map((event) => event.kind);
}

describe('StreamFramer (RFC 3261 §18.3)', () => {
  it('yields a whole message from one chunk, byte for byte, and it parses', () => {
    const events = new StreamFramer().push(invite);
    expect(messages(events)).toEqual([invite.toString('latin1')]);
    const [event] = events;
    expect(event?.kind === 'message' && parseMessage(event.bytes).ok).toBe(true);
  });

  it('waits for the rest of a message fed one byte at a time', () => {
    const framer = new StreamFramer();
    const events: FramerEvent[] = [];
    for (let i = 0; i < invite.length; i++) {
      const more = framer.push(invite.subarray(i, i + 1));
      if (i < invite.length - 1) expect(more).toEqual([]);
      events.push(...more);
    }
    expect(messages(events)).toEqual([invite.toString('latin1')]);
    expect(framer.buffered).toBe(0);
  });

  it('splits pipelined messages in one chunk', () => {
    const events = new StreamFramer().push(Buffer.concat([invite, ok, register]));
    expect(messages(events)).toEqual([invite, ok, register].map((m) => m.toString('latin1')));
  });

  it('yields the same messages wherever the reads split the stream', () => {
    const stream = Buffer.concat([invite, Buffer.from('\r\n\r\n'), ok, register, invite]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const framer = new StreamFramer();
        const events = points.slice(1).flatMap((end, i) => framer.push(stream.subarray(points[i], end)));
        expect(messages(events)).toEqual([invite, ok, register, invite].map((m) => m.toString('latin1')));
        expect(kinds(events).filter((kind) => kind !== 'message')).toEqual(['ping']);
      }),
      { numRuns: 150 },
    );
  });

  it('reports pings between messages and ignores lone CRLFs, as a server (RFC 5626 §4.4.1)', () => {
    const framer = new StreamFramer();
    expect(kinds(framer.push(Buffer.from('\r\n\r\n')))).toEqual(['ping']);
    expect(kinds(framer.push(Buffer.concat([Buffer.from('\r\n\r\n'), ok, Buffer.from('\r\n'), ok])))).toEqual(['ping', 'message', 'message']);
    // A ping split across reads is still one ping.
    expect(framer.push(Buffer.from('\r\n'))).toEqual([]);
    expect(framer.push(Buffer.from('\r'))).toEqual([]);
    expect(kinds(framer.push(Buffer.from('\n')))).toEqual(['ping']);
  });

  it('reports each CRLF as a pong at once, as a client', () => {
    const framer = new StreamFramer({ role: 'client' });
    expect(kinds(framer.push(Buffer.from('\r\n')))).toEqual(['pong']);
    expect(kinds(framer.push(Buffer.concat([ok, Buffer.from('\r\n')])))).toEqual(['message', 'pong']);
  });

  it('frames bare-LF messages too', () => {
    const lf = Buffer.from(ok.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const bodyLength = lf.length - lf.indexOf('\n\n') - 2;
    const fixed = Buffer.from(lf.toString('latin1').replace(/Content-Length: \d+/, `Content-Length: ${bodyLength}`), 'latin1');
    expect(messages(new StreamFramer().push(Buffer.concat([fixed, fixed])))).toHaveLength(2);
  });

  it('copies what it yields, so reusing a chunk cannot change a message', () => {
    const chunk = Buffer.from(register);
    const [event] = new StreamFramer().push(chunk);
    chunk.fill(0);
    expect(event?.kind === 'message' && event.bytes.equals(register)).toBe(true);
  });

  it('fails the stream on a message without Content-Length, and then ignores input', () => {
    const noLength = Buffer.from(register.toString().replace('Content-Length: 0\r\n', ''));
    const framer = new StreamFramer();
    const [event] = framer.push(noLength);
    expect(event).toMatchObject({ kind: 'error', error: { code: 'missing_header', header: 'Content-Length' } });
    expect(event?.kind === 'error' && event.error.context).toMatchObject({ kind: 'request', method: 'REGISTER' });
    expect(framer.failed).toBe(true);
    expect(framer.push(invite)).toEqual([]);
  });

  it.each([
    ['Content-Length: -1', 'bad_header_value'],
    ['Content-Length: 0\r\nl: 0', 'duplicate_header'],
  ])('fails the stream on %s', (replacement, code) => {
    const broken = Buffer.from(register.toString().replace('Content-Length: 0', replacement));
    expect(new StreamFramer().push(broken)).toMatchObject([{ kind: 'error', error: { code } }]);
  });

  it('fails the stream on a message over the size limit, answerable with 513', () => {
    const huge = Buffer.from(invite.toString().replace(/Content-Length: \d+/, 'Content-Length: 100000'));
    const [event] = new StreamFramer().push(huge);
    expect(event).toMatchObject({ kind: 'error', error: { code: 'too_large' } });
    expect(event?.kind === 'error' && parseErrorStatus(event.error)).toBe(513);
  });

  it('fails the stream on a header section or a line that never ends', () => {
    const framer = new StreamFramer({ limits: { maxMessageBytes: 2_000 } });
    const events: FramerEvent[] = [];
    for (let i = 0; i < 40 && !framer.failed; i++) events.push(...framer.push(Buffer.from(`X-Header-${i}: ${'v'.repeat(60)}\r\n`)));
    expect(events).toMatchObject([{ kind: 'error', error: { code: 'too_large' } }]);

    const line = new StreamFramer().push(Buffer.from(`OPTIONS sip:x@example.com SIP/2.0\r\nX-Long: ${'a'.repeat(9_000)}`));
    expect(line).toMatchObject([{ kind: 'error', error: { code: 'line_too_long' } }]);
  });
});
