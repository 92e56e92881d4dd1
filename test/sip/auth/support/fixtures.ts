import {
  createRequest,
  DigestClientState,
  DigestServer,
  nameAddr,
  sipUri,
  via,
  type CredentialLookup,
  type DigestServerOptions,
  type SipRequest,
  type SipResponse,
} from '../../../../src/sip/index.ts';

export const secret = 'a shared secret of the ringroute cluster';
export const realm = 'sip.ringroute.test';
export const alice = { username: 'alice', password: 'correct horse battery staple' };

let counter = 0;

/** A REGISTER (or `method`) from alice, as a phone sends it before any challenge. */
export function request(method = 'REGISTER', options: { cseq?: number } = {}): SipRequest {
  counter++;
  return createRequest({
    method,
    uri: sipUri({ host: realm }),
    via: via({ transport: 'UDP', host: '192.0.2.10', port: 5060, branch: `z9hG4bK-a${counter}` }),
    from: nameAddr(sipUri({ user: 'alice', host: realm }), { params: new Map([['tag', `t${counter}`]]) }),
    to: nameAddr(sipUri({ user: 'alice', host: realm })),
    callId: `reg${counter}@192.0.2.10`,
    cseq: options.cseq ?? 1,
  });
}

/** The 401/407 a server sends for `to`, carrying its challenges. */
export function challengeResponse(server: DigestServer, to: SipRequest, options: { stale?: boolean } = {}): SipResponse {
  return server.challengeResponse(to, { ...options, toTag: 'srv' });
}

/** A lookup over plaintext passwords. */
export function passwords(users: Record<string, string>): CredentialLookup {
  return (username) => {
    const password = users[username];
    return password === undefined ? undefined : { password };
  };
}

/** A server whose clock the test moves by hand (wall-clock ms). */
export function serverWithClock(options: Partial<DigestServerOptions> = {}) {
  const time = { now: 1_800_000_000_000 };
  const server = new DigestServer({ realm, secret, now: () => time.now, ...options });
  return { server, time };
}

export function freshState(): DigestClientState {
  return new DigestClientState();
}
