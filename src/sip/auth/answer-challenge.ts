import type { Challenge, DigestChallenge } from '../headers/challenge.ts';
import type { DigestCredentials } from '../headers/credentials.ts';
import type { SipRequest } from '../message/sip-request.ts';
import { algorithmStrength, isSessionAlgorithm, parseDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.ts';
import type { DigestClientState } from './digest-client-state.ts';
import { computeDigestResponse } from './digest-response.ts';
import { DigestClientError } from './digest-verdict.ts';

export interface DigestUser {
  readonly username: string;
  readonly password: string;
}

/**
 * From a response's challenges, the one to answer per realm: the strongest algorithm this layer
 * supports (RFC 8760 §2.4; RFC 7616 §3.7 — a server may offer one challenge per algorithm), ties
 * going to the one listed first. Challenges in other schemes and unknown algorithms are skipped.
 */
export function pickChallenges(challenges: readonly Challenge[]): DigestChallenge[] {
  const best = new Map<string, { readonly challenge: DigestChallenge; readonly algorithm: DigestAlgorithm }>();
  for (const challenge of challenges) {
    if (challenge.kind !== 'digest') continue;
    const algorithm = parseDigestAlgorithm(challenge.algorithm);
    if (algorithm === undefined || !qopUsable(challenge)) continue;
    const current = best.get(challenge.realm);
    if (current === undefined || algorithmStrength(algorithm) > algorithmStrength(current.algorithm)) {
      best.set(challenge.realm, { challenge, algorithm });
    }
  }
  return [...best.values()].map(({ challenge }) => challenge);
}

/** No qop (RFC 2069 compatibility) or one that offers auth; auth-int alone is not supported. */
function qopUsable(challenge: DigestChallenge): boolean {
  return challenge.qop === undefined || challenge.qop.some((option) => option.toLowerCase() === 'auth');
}

/**
 * Credentials answering one Digest challenge for `request` as it will be sent (RFC 3261 §22.2,
 * §22.4; RFC 7616 §3.4): its method and Request-URI are what the digest covers. With qop=auth a
 * new cnonce is drawn and the nonce-count advanced in `state`. Throws `DigestClientError` for an
 * algorithm or qop this layer does not support.
 */
export function answerChallenge(request: SipRequest, challenge: DigestChallenge, user: DigestUser, state: DigestClientState): DigestCredentials {
  const algorithm = parseDigestAlgorithm(challenge.algorithm);
  if (algorithm === undefined) throw new DigestClientError('unsupported_algorithm', `unsupported Digest algorithm ${challenge.algorithm ?? ''}`);
  if (!qopUsable(challenge)) throw new DigestClientError('unsupported_qop', `no supported qop in "${challenge.qop?.join(',') ?? ''}"`);
  const uri = request.uriText;
  const base = { algorithm, username: user.username, realm: challenge.realm, secret: { password: user.password }, method: request.method, uri, nonce: challenge.nonce };
  // RFC 7616 §3.4: when the server offers qop the client must use one; without it, the RFC 2069 form.
  const session =
    challenge.qop === undefined
      ? undefined
      : { qop: 'auth' as const, nc: state.nextCount(challenge.nonce).toString(16).padStart(8, '0'), cnonce: state.cnonce() };
  // -sess needs a cnonce even without qop (RFC 2617 §3.2.2.2).
  const cnonce = session?.cnonce ?? (isSessionAlgorithm(algorithm) ? state.cnonce() : undefined);
  const response = computeDigestResponse({ ...base, ...session, ...(cnonce !== undefined && { cnonce }) });
  return {
    kind: 'digest',
    username: user.username,
    realm: challenge.realm,
    nonce: challenge.nonce,
    uri,
    response,
    // RFC 2617 §3.2.2: the algorithm is echoed; left out when the challenge left it out (MD5 then).
    ...(challenge.algorithm !== undefined && { algorithm: challenge.algorithm }),
    ...(challenge.opaque !== undefined && { opaque: challenge.opaque }),
    ...(cnonce !== undefined && { cnonce }),
    ...(session && { qop: session.qop, nc: session.nc }),
    params: new Map(),
  };
}
