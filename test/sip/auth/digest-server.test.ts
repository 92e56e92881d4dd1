import { describe, expect, it } from 'vitest';
import {
  answerChallenge,
  authorizeRequest,
  digestHash,
  DigestServer,
  formatCredentials,
  parseChallenge,
  parseMessage,
  serializeMessage,
  sipUri,
  type DigestAlgorithm,
  type DigestChallenge,
  type DigestCredentials,
  type SipRequest,
} from '../../../src/sip/index.ts';
import { alice, challengeResponse, freshState, passwords, realm, request, secret, serverWithClock } from './support/fixtures.ts';

const users = passwords({ alice: alice.password });

function digestChallenges(values: readonly string[]): DigestChallenge[] {
  return values.map((value) => {
    const parsed = parseChallenge(value);
    if (!parsed.ok || parsed.value.kind !== 'digest') throw new Error(`not a Digest challenge: ${value}`);
    return parsed.value;
  });
}

/** `request` carrying `credentials` in the server's credentials header. */
function withCredentials(server: DigestServer, credentials: DigestCredentials, to: SipRequest = request()): SipRequest {
  to.setHeader(server.credentialsHeader, formatCredentials(credentials));
  return to;
}

/** Credentials answering the server's challenge for `algorithm`, optionally without qop. */
function answer(server: DigestServer, algorithm: string, options: { legacy?: boolean; password?: string; to?: SipRequest } = {}) {
  const challenge = digestChallenges(server.challenge()).find((c) => c.algorithm === algorithm)!;
  const to = options.to ?? request();
  // An old phone ignores qop-options and answers in the RFC 2069 form.
  const { qop, ...withoutQop } = challenge;
  const offered = options.legacy ? withoutQop : { ...withoutQop, ...(qop && { qop }) };
  const credentials = answerChallenge(to, offered, { username: alice.username, password: options.password ?? alice.password }, freshState());
  return { to, credentials };
}

describe('DigestServer.challenge (RFC 3261 §22.1, RFC 8760 §2.4)', () => {
  it('offers SHA-256 then MD5, qop=auth, one shared fresh nonce, stale only when asked', () => {
    const { server } = serverWithClock();
    const challenges = digestChallenges(server.challenge());
    expect(challenges.map((c) => [c.algorithm, c.realm, c.qop, c.stale])).toEqual([
      ['SHA-256', realm, ['auth'], undefined],
      ['MD5', realm, ['auth'], undefined],
    ]);
    expect(challenges[0]!.nonce).toBe(challenges[1]!.nonce);
    expect(digestChallenges(server.challenge())[0]!.nonce).not.toBe(challenges[0]!.nonce);
    expect(digestChallenges(server.challenge({ stale: true })).every((c) => c.stale === true)).toBe(true);
  });

  it('builds the 401 for a request: its Call-ID and CSeq, the To tag, one WWW-Authenticate per algorithm', () => {
    const { server } = serverWithClock();
    const to = request();
    const reply = server.challengeResponse(to, { toTag: 'tag1', stale: true });
    expect([reply.status, reply.callId, reply.cseq, reply.to.params.get('tag')]).toEqual([401, to.callId, to.cseq, 'tag1']);
    expect(digestChallenges(reply.rawHeaders('WWW-Authenticate')).map((c) => [c.algorithm, c.stale])).toEqual([
      ['SHA-256', true],
      ['MD5', true],
    ]);
  });

  it('uses 407, Proxy-Authenticate and Proxy-Authorization in the proxy role (RFC 3261 §22.3)', async () => {
    const server = new DigestServer({ realm, secret, role: 'proxy' });
    const first = request('INVITE');
    const reply = server.challengeResponse(first);
    expect([reply.status, reply.hasHeader('Proxy-Authenticate'), reply.hasHeader('WWW-Authenticate')]).toEqual([407, true, false]);
    const retry = authorizeRequest(first, reply, alice, freshState());
    expect(retry.hasHeader('Proxy-Authorization')).toBe(true);
    expect(await server.verify(retry, users)).toMatchObject({ ok: true });
    // Credentials in the other header are not for a proxy (RFC 3261 §22.3).
    const misplaced = request('INVITE');
    misplaced.setHeader('Authorization', retry.rawHeader('Proxy-Authorization')!);
    expect(await server.verify(misplaced, users)).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('DigestServer.verify round trips', () => {
  for (const algorithm of ['SHA-256', 'MD5']) {
    it(`accepts ${algorithm} with qop=auth`, async () => {
      const { server } = serverWithClock();
      const { to, credentials } = answer(server, algorithm);
      expect(credentials.qop).toBe('auth');
      expect(await server.verify(withCredentials(server, credentials, to), users)).toEqual({ ok: true, username: 'alice', algorithm });
    });

    it(`accepts ${algorithm} without qop (old phones), once per nonce`, async () => {
      const { server } = serverWithClock();
      const { to, credentials } = answer(server, algorithm, { legacy: true });
      expect(credentials.qop).toBeUndefined();
      expect(credentials.nc).toBeUndefined();
      const signed = withCredentials(server, credentials, to);
      expect(await server.verify(signed, users)).toMatchObject({ ok: true });
      expect(await server.verify(signed, users)).toMatchObject({ ok: false, reason: 'replay' });
    });
  }

  it('rejects qop-less answers when legacy is off', async () => {
    const { server } = serverWithClock({ allowLegacy: false });
    const { to, credentials } = answer(server, 'MD5', { legacy: true });
    expect(await server.verify(withCredentials(server, credentials, to), users)).toMatchObject({ ok: false, reason: 'bad_qop' });
  });

  it('accepts the -sess variants when offered', async () => {
    const { server } = serverWithClock({ algorithms: ['SHA-256-sess', 'MD5-sess'] });
    for (const algorithm of ['SHA-256-sess', 'MD5-sess']) {
      const { to, credentials } = answer(server, algorithm);
      expect(await server.verify(withCredentials(server, credentials, to), users)).toMatchObject({ ok: true, algorithm });
    }
  });

  it('accepts a stored HA1 instead of the password, and asks the lookup for the answered algorithm', async () => {
    const { server } = serverWithClock();
    const asked: string[] = [];
    const lookup = (username: string, inRealm: string, algorithm: DigestAlgorithm) => {
      asked.push(`${username}@${inRealm}/${algorithm}`);
      return algorithm === 'SHA-256' ? { ha1: digestHash('SHA-256', `alice:${realm}:${alice.password}`) } : undefined;
    };
    const sha = answer(server, 'SHA-256');
    expect(await server.verify(withCredentials(server, sha.credentials, sha.to), lookup)).toMatchObject({ ok: true });
    const md5 = answer(server, 'MD5');
    expect(await server.verify(withCredentials(server, md5.credentials, md5.to), lookup)).toMatchObject({ ok: false, reason: 'unknown_user' });
    expect(asked).toEqual([`alice@${realm}/SHA-256`, `alice@${realm}/MD5`]);
  });

  it('accepts a retry built by authorizeRequest from the 401', async () => {
    const { server } = serverWithClock();
    const first = request();
    expect(await server.verify(first, users)).toEqual({ ok: false, reason: 'missing' });
    const retry = authorizeRequest(first, challengeResponse(server, first), alice, freshState());
    expect(await server.verify(retry, users)).toEqual({ ok: true, username: 'alice', algorithm: 'SHA-256' });
  });
});

describe('DigestServer.verify on the wire', () => {
  it('verifies a retry after it has been serialized and parsed again, as a registrar receives it', async () => {
    const { server } = serverWithClock();
    const first = request();
    const retry = authorizeRequest(first, challengeResponse(server, first), alice, freshState());
    const received = parseMessage(serializeMessage(retry));
    if (!received.ok || received.message.kind !== 'request') throw new Error('expected the retry to parse');
    expect(await server.verify(received.message, users)).toEqual({ ok: true, username: 'alice', algorithm: 'SHA-256' });
  });
});

describe('DigestServer.verify failures', () => {
  it('wrong password → bad_response', async () => {
    const { server } = serverWithClock();
    const { to, credentials } = answer(server, 'SHA-256', { password: 'wrong' });
    expect(await server.verify(withCredentials(server, credentials, to), users)).toEqual({ ok: false, reason: 'bad_response', username: 'alice' });
  });

  it('unknown user → unknown_user', async () => {
    const { server } = serverWithClock();
    const { to, credentials } = answer(server, 'SHA-256');
    expect(await server.verify(withCredentials(server, credentials, to), passwords({ bob: 'x' }))).toMatchObject({ ok: false, reason: 'unknown_user' });
  });

  it('credentials for another realm only → bad_realm; a second realm alongside ours is ignored (§22.3)', async () => {
    const { server } = serverWithClock();
    const { to, credentials } = answer(server, 'SHA-256');
    const foreign = formatCredentials({ ...credentials, realm: 'elsewhere.test' });
    to.setHeader(server.credentialsHeader, foreign);
    expect(await server.verify(to, users)).toEqual({ ok: false, reason: 'bad_realm' });
    to.setHeader(server.credentialsHeader, [foreign, formatCredentials(credentials)]);
    expect(await server.verify(to, users)).toMatchObject({ ok: true });
  });

  it('unparseable credentials → malformed; another scheme only → missing', async () => {
    const { server } = serverWithClock();
    const to = request();
    to.setHeader('Authorization', 'Digest username="alice"');
    expect(await server.verify(to, users)).toEqual({ ok: false, reason: 'malformed' });
    to.setHeader('Authorization', 'Basic YWxpY2U6cGFzcw==');
    expect(await server.verify(to, users)).toEqual({ ok: false, reason: 'missing' });
  });

  it('the same nonce-count twice → replay; a higher one is accepted', async () => {
    const { server } = serverWithClock();
    const challenge = digestChallenges(server.challenge())[0]!;
    const state = freshState();
    const first = request();
    const one = answerChallenge(first, challenge, alice, state);
    expect(one.nc).toBe('00000001');
    expect(await server.verify(withCredentials(server, one, first), users)).toMatchObject({ ok: true });
    expect(await server.verify(withCredentials(server, one, request()), users)).toMatchObject({ ok: false, reason: 'replay' });
    const second = request();
    const two = answerChallenge(second, challenge, alice, state);
    expect(two.nc).toBe('00000002');
    expect(await server.verify(withCredentials(server, two, second), users)).toMatchObject({ ok: true });
  });

  it('an expired nonce with the right password → stale; with a wrong one → bad_response', async () => {
    const { server, time } = serverWithClock({ nonceLifetimeMs: 60_000 });
    const good = answer(server, 'SHA-256');
    const bad = answer(server, 'SHA-256', { password: 'wrong' });
    time.now += 60_001;
    expect(await server.verify(withCredentials(server, good.credentials, good.to), users)).toMatchObject({ ok: false, reason: 'stale' });
    expect(await server.verify(withCredentials(server, bad.credentials, bad.to), users)).toMatchObject({ ok: false, reason: 'bad_response' });
  });

  it('a nonce that is still young is accepted at the end of its lifetime', async () => {
    const { server, time } = serverWithClock({ nonceLifetimeMs: 60_000 });
    const { to, credentials } = answer(server, 'SHA-256');
    time.now += 60_000;
    expect(await server.verify(withCredentials(server, credentials, to), users)).toMatchObject({ ok: true });
  });

  it('a tampered nonce, or one from a server with another secret → bad_nonce', async () => {
    const { server } = serverWithClock();
    const { to, credentials } = answer(server, 'SHA-256');
    const [issued, salt, mac] = credentials.nonce.split('.') as [string, string, string];
    const later = (parseInt(issued, 36) + 1000).toString(36);
    for (const nonce of [`${later}.${salt}.${mac}`, `${issued}.${salt}x.${mac}`, `${issued}.${salt}`, 'abc']) {
      expect(await server.verify(withCredentials(server, { ...credentials, nonce }, to), users)).toMatchObject({ ok: false, reason: 'bad_nonce' });
    }
    const other = serverWithClock({ secret: 'another secret entirely, 32 bytes' }).server;
    expect(await other.verify(withCredentials(other, credentials, to), users)).toMatchObject({ ok: false, reason: 'bad_nonce' });
  });

  it('a nonce issued by another node with the same secret is accepted (no shared state)', async () => {
    const { server: nodeA } = serverWithClock();
    const { server: nodeB } = serverWithClock();
    const { to, credentials } = answer(nodeA, 'MD5');
    expect(await nodeB.verify(withCredentials(nodeB, credentials, to), users)).toMatchObject({ ok: true });
  });

  it('uri other than the Request-URI → bad_uri; another spelling of the same URI is fine (§22.4)', async () => {
    const { server } = serverWithClock();
    const { to, credentials } = answer(server, 'SHA-256');
    expect(await server.verify(withCredentials(server, { ...credentials, uri: 'sip:other.test' }, to), users)).toMatchObject({
      ok: false,
      reason: 'bad_uri',
    });
    // Same credentials sent on a request retargeted elsewhere.
    const moved = request();
    moved.uri = sipUri({ host: 'other.test' });
    expect(await server.verify(withCredentials(server, credentials, moved), users)).toMatchObject({ ok: false, reason: 'bad_uri' });
    // The digest covers the uri directive as written, so a differently spelled equal URI verifies.
    const upper = request();
    upper.uri = sipUri({ host: realm.toUpperCase() });
    const recased = answerChallenge(upper, digestChallenges(server.challenge())[0]!, alice, freshState());
    expect(await server.verify(withCredentials(server, recased, request()), users)).toMatchObject({ ok: true });
  });

  it('an algorithm the server does not offer → bad_algorithm; qop=auth-int or a bad nc → bad_qop', async () => {
    const { server } = serverWithClock({ algorithms: ['SHA-256'] });
    const md5 = answerChallenge(request(), { ...digestChallenges(server.challenge())[0]!, algorithm: 'MD5' }, alice, freshState());
    expect(await server.verify(withCredentials(server, md5), users)).toMatchObject({ ok: false, reason: 'bad_algorithm' });
    const { to, credentials } = answer(server, 'SHA-256');
    for (const changed of [{ qop: 'auth-int' }, { nc: '1' }, { nc: '00000000' }, { cnonce: '' }]) {
      expect(await server.verify(withCredentials(server, { ...credentials, ...changed }, to), users)).toMatchObject({ ok: false, reason: 'bad_qop' });
    }
  });

  it('a different method with the same credentials → bad_response (the digest covers the method)', async () => {
    const { server } = serverWithClock();
    const { credentials } = answer(server, 'SHA-256');
    expect(await server.verify(withCredentials(server, credentials, request('INVITE')), users)).toMatchObject({ ok: false, reason: 'bad_response' });
  });
});
