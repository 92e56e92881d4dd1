import { randomBytes } from 'node:crypto';
import { parseChallenge, type Challenge } from '../headers/challenge.ts';
import { formatCredentials, parseCredentials } from '../headers/credentials.ts';
import { branchMagicCookie } from '../headers/via.ts';
import type { SipRequest } from '../message/sip-request.ts';
import type { SipResponse } from '../message/sip-response.ts';
import { answerChallenge, pickChallenges, type DigestUser } from './answer-challenge.ts';
import type { DigestClientState } from './digest-client-state.ts';
import { DigestClientError } from './digest-verdict.ts';

/**
 * The request to resend after a 401 or 407 (RFC 3261 §22.2, §22.3, §8.1.3.5): a copy of `request`
 * with the same Call-ID, From and To, the CSeq number one higher, a new Via branch (it is a new
 * transaction, §8.1.1.7), and credentials answering the strongest challenge of each realm —
 * Authorization for a 401's WWW-Authenticate, Proxy-Authorization for a 407's Proxy-Authenticate.
 * Credentials already carried for other realms (earlier proxies) are kept; old ones for the realms
 * answered now are replaced. Throws `DigestClientError` when the response offers nothing to answer.
 */
export function authorizeRequest(request: SipRequest, response: SipResponse, user: DigestUser, state: DigestClientState): SipRequest {
  if (response.status !== 401 && response.status !== 407) throw new DigestClientError('not_a_challenge', `a ${response.status} carries no challenge to answer`);
  const proxy = response.status === 407;
  const challengeHeader = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const credentialsHeader = proxy ? 'Proxy-Authorization' : 'Authorization';
  const challenges: Challenge[] = [];
  for (const raw of response.rawHeaders(challengeHeader)) {
    const parsed = parseChallenge(raw);
    if (parsed.ok) challenges.push(parsed.value);
  }
  const chosen = pickChallenges(challenges);
  if (chosen.length === 0) throw new DigestClientError('no_digest_challenge', `no supported Digest challenge in the ${response.status}`);

  const retry = request.clone();
  retry.set('CSeq', { seq: request.cseq.seq + 1, method: request.cseq.method });
  const [top, ...rest] = retry.via;
  if (top !== undefined) retry.set('Via', [{ ...top, branch: `${branchMagicCookie}${randomBytes(8).toString('hex')}` }, ...rest]);

  const answered = new Set(chosen.map((challenge) => challenge.realm));
  const kept = retry.rawHeaders(credentialsHeader).filter((raw) => {
    const parsed = parseCredentials(raw);
    return !(parsed.ok && parsed.value.kind === 'digest' && answered.has(parsed.value.realm));
  });
  const fresh = chosen.map((challenge) => formatCredentials(answerChallenge(retry, challenge, user, state)));
  retry.setHeader(credentialsHeader, [...kept, ...fresh]);
  return retry;
}
