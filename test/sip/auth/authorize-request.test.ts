import { describe, expect, it } from 'vitest';
import {
  answerChallenge,
  authorizeRequest,
  createResponse,
  DigestClientError,
  DigestClientState,
  DigestServer,
  parseChallenge,
  parseCredentials,
  pickChallenges,
  type Challenge,
  type DigestCredentials,
  type SipRequest,
} from '../../../src/sip/index.ts';
import { alice, challengeResponse, freshState, realm, request, secret } from './support/fixtures.ts';

function challenges(...values: string[]): Challenge[] {
  return values.map((value) => {
    const parsed = parseChallenge(value);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.value;
  });
}

function credentialsIn(message: SipRequest, header: 'Authorization' | 'Proxy-Authorization'): DigestCredentials[] {
  return message.rawHeaders(header).map((raw) => {
    const parsed = parseCredentials(raw);
    if (!parsed.ok || parsed.value.kind !== 'digest') throw new Error(`not Digest credentials: ${raw}`);
    return parsed.value;
  });
}

function challenged(status: 401 | 407, to: SipRequest, values: string[]) {
  const header = status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  return createResponse(to, status, { toTag: 'x', headers: values.map((value) => ({ name: header, value })) });
}

describe('authorizeRequest (RFC 3261 §22.2, §8.1.3.5)', () => {
  it('resends with the same Call-ID, From and To, CSeq + 1, a new branch and Authorization', () => {
    const server = new DigestServer({ realm, secret });
    const first = request('REGISTER', { cseq: 7 });
    const retry = authorizeRequest(first, challengeResponse(server, first), alice, freshState());
    expect([retry.method, retry.uriText, retry.callId]).toEqual([first.method, first.uriText, first.callId]);
    expect([retry.rawHeader('From'), retry.rawHeader('To')]).toEqual([first.rawHeader('From'), first.rawHeader('To')]);
    expect(retry.cseq).toEqual({ seq: 8, method: 'REGISTER' });
    expect(retry.topVia.branch).toMatch(/^z9hG4bK/);
    expect(retry.topVia.branch).not.toBe(first.topVia.branch);
    expect({ ...retry.topVia, branch: '' }).toEqual({ ...first.topVia, branch: '' });
    const [credentials, ...more] = credentialsIn(retry, 'Authorization');
    expect(more).toEqual([]);
    expect(credentials).toMatchObject({ username: 'alice', realm, uri: first.uriText, algorithm: 'SHA-256', qop: 'auth', nc: '00000001' });
    // The original is left as it was.
    expect(first.hasHeader('Authorization')).toBe(false);
    expect(first.cseq.seq).toBe(7);
  });

  it('answers a 407 with Proxy-Authorization, keeping credentials for other realms and replacing its own', () => {
    const first = request('INVITE');
    first.setHeader('Proxy-Authorization', [
      'Digest username="alice", realm="edge.test", nonce="n1", uri="sip:x", response="00"',
      'Digest username="alice", realm="core.test", nonce="old", uri="sip:x", response="00"',
    ]);
    const response = challenged(407, first, ['Digest realm="core.test", nonce="new", qop="auth", algorithm=MD5']);
    const retry = authorizeRequest(first, response, alice, freshState());
    expect(credentialsIn(retry, 'Proxy-Authorization').map((c) => [c.realm, c.nonce])).toEqual([
      ['edge.test', 'n1'],
      ['core.test', 'new'],
    ]);
    expect(retry.hasHeader('Authorization')).toBe(false);
  });

  it('answers each realm of a 407 from several proxies once (RFC 3261 §22.3)', () => {
    const first = request('INVITE');
    const response = challenged(407, first, [
      'Digest realm="a.test", nonce="na", qop="auth", algorithm=MD5',
      'Digest realm="b.test", nonce="nb", qop="auth", algorithm=MD5',
      'Digest realm="a.test", nonce="na2", qop="auth", algorithm=SHA-256',
    ]);
    const retry = authorizeRequest(first, response, alice, freshState());
    expect(credentialsIn(retry, 'Proxy-Authorization').map((c) => [c.realm, c.algorithm])).toEqual([
      ['a.test', 'SHA-256'],
      ['b.test', 'MD5'],
    ]);
  });

  it('refuses a response that is not a challenge or offers nothing it can answer', () => {
    const first = request();
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof DigestClientError ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => authorizeRequest(first, createResponse(first, 403), alice, freshState()))).toBe('not_a_challenge');
    const unusable = challenged(401, first, ['Digest realm="r", nonce="n", algorithm=SHA-1', 'Digest realm="r", nonce="n", qop="auth-int"', 'Basic realm="r"']);
    expect(codeOf(() => authorizeRequest(first, unusable, alice, freshState()))).toBe('no_digest_challenge');
  });
});

describe('pickChallenges (RFC 8760 §2.4)', () => {
  it('takes the strongest supported algorithm whatever the order, skipping unknown ones and other schemes', () => {
    const picked = pickChallenges(
      challenges('Basic realm="r"', 'Digest realm="r", nonce="1", algorithm=MD5', 'Digest realm="r", nonce="2", algorithm=SHA-256', 'Digest realm="r", nonce="3", algorithm=SHA-1'),
    );
    expect(picked.map((c) => c.nonce)).toEqual(['2']);
  });

  it('treats a missing algorithm as MD5 (RFC 2617 §3.2.1)', () => {
    const picked = pickChallenges(challenges('Digest realm="r", nonce="1"', 'Digest realm="r", nonce="2", algorithm=md5'));
    expect(picked.map((c) => c.nonce)).toEqual(['1']);
  });
});

describe('answerChallenge (RFC 7616 §3.4)', () => {
  const [challenge] = challenges('Digest realm="r", nonce="abc", opaque="op aque", qop="auth-int, auth", algorithm=sha-256') as [Challenge];
  if (challenge.kind !== 'digest') throw new Error('expected Digest');

  it('counts nc per nonce and draws a new cnonce each time', () => {
    const state = new DigestClientState();
    const one = answerChallenge(request(), challenge, alice, state);
    const two = answerChallenge(request(), challenge, alice, state);
    const other = answerChallenge(request(), { ...challenge, nonce: 'xyz' }, alice, state);
    expect([one.nc, two.nc, other.nc]).toEqual(['00000001', '00000002', '00000001']);
    expect(one.cnonce).not.toBe(two.cnonce);
    expect(one.response).not.toBe(two.response);
  });

  it('echoes opaque and the algorithm as written, and picks auth out of the qop options', () => {
    const credentials = answerChallenge(request(), challenge, alice, freshState());
    expect([credentials.opaque, credentials.algorithm, credentials.qop]).toEqual(['op aque', 'sha-256', 'auth']);
  });

  it('answers a qop-less challenge in the RFC 2069 form: no qop, nc or cnonce, no algorithm when none was named', () => {
    const credentials = answerChallenge(request(), { kind: 'digest', realm: 'r', nonce: 'n', params: new Map() }, alice, freshState());
    expect([credentials.qop, credentials.nc, credentials.cnonce, credentials.algorithm]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('throws unsupported_algorithm / unsupported_qop', () => {
    expect(() => answerChallenge(request(), { ...challenge, algorithm: 'SHA-1' }, alice, freshState())).toThrow(
      expect.objectContaining({ code: 'unsupported_algorithm' }),
    );
    expect(() => answerChallenge(request(), { ...challenge, qop: ['auth-int'] }, alice, freshState())).toThrow(
      expect.objectContaining({ code: 'unsupported_qop' }),
    );
  });
});
