import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizeRequest, createRequest, DigestServer, nameAddr, sipUri, via, type DigestAlgorithm } from '../../../src/sip/index.ts';
import { challengeResponse, freshState, realm, secret } from './support/fixtures.ts';

const algorithms: DigestAlgorithm[] = ['SHA-256', 'MD5', 'SHA-256-sess', 'MD5-sess', 'SHA-512-256'];
const hex = '0123456789abcdef';

const scenario = fc.record({
  // Usernames travel quoted (RFC 7616 §3.4), so quotes and backslashes must survive escaping.
  username: fc.stringMatching(/^[\x20-\x7e]{1,24}$/),
  password: fc.string({ unit: 'binary', maxLength: 30 }),
  method: fc.constantFrom('REGISTER', 'INVITE', 'MESSAGE', 'SUBSCRIBE'),
  user: fc.stringMatching(/^[a-z0-9]{1,12}$/),
  algorithm: fc.constantFrom(...algorithms),
  position: fc.nat(),
  replacement: fc.constantFrom(...hex, 'g', ' ', '"'),
});

describe('client answers and server checks agree (property)', () => {
  it('every answer authorizeRequest builds verifies, and changing any one character of its response fails', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ username, password, method, user, algorithm, position, replacement }) => {
        const server = new DigestServer({ realm, secret, algorithms: [algorithm] });
        const original = createRequest({
          method,
          uri: sipUri({ user, host: realm }),
          via: via({ transport: 'TCP', host: '192.0.2.10', branch: 'z9hG4bK-prop' }),
          from: nameAddr(sipUri({ user: 'a', host: realm }), { params: new Map([['tag', 'f']]) }),
          to: nameAddr(sipUri({ user, host: realm })),
          callId: 'prop@test',
          cseq: 1,
        });
        const lookup = (name: string) => (name === username ? { password } : undefined);
        const retry = authorizeRequest(original, challengeResponse(server, original), { username, password }, freshState());
        const header = retry.rawHeader('Authorization')!;
        const response = /response="([0-9a-f]+)"/.exec(header)![1]!;
        const at = position % response.length;
        fc.pre(replacement !== response[at]);
        const tampered = retry.clone();
        tampered.setHeader('Authorization', header.replace(`response="${response}"`, `response="${response.slice(0, at)}${replacement}${response.slice(at + 1)}"`));
        // The tampered copy first: had the good one gone first, a failure could be a mere replay.
        // A stray quote ends the quoted-string early, so the header no longer parses at all.
        const expected = replacement === '"' ? 'malformed' : 'bad_response';
        expect(await server.verify(tampered, lookup)).toMatchObject({ ok: false, reason: expected });
        expect(await server.verify(retry, lookup)).toEqual({ ok: true, username, algorithm });
      }),
      { numRuns: 200 },
    );
  });
});
