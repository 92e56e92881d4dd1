import { createRequest, nameAddr, parseNameAddr, sipUri, via, type SipRequest } from '../../../../src/sip/index.ts';

let counter = 0;

/** An OPTIONS request whose top Via says it was sent from `host:port` over `transport`. */
export function optionsRequest(options: { transport: 'UDP' | 'TCP'; host: string; port: number; rport?: boolean }): SipRequest {
  counter++;
  const to = parseNameAddr('<sip:bob@127.0.0.1>');
  if (!to.ok) throw new Error(to.reason);
  return createRequest({
    method: 'OPTIONS',
    uri: sipUri({ user: 'bob', host: '127.0.0.1' }),
    via: via({
      transport: options.transport,
      host: options.host,
      port: options.port,
      branch: `z9hG4bK-test-${counter}`,
      ...(options.rport ? { rport: true as const } : {}),
    }),
    from: nameAddr(sipUri({ user: 'alice', host: '127.0.0.1' }), { params: new Map([['tag', `a${counter}`]]) }),
    to: to.value,
    callId: `call-${counter}@test`,
    cseq: counter,
  });
}

/** Raw request text with CRLF line ends and the given extra header lines. */
export function rawRequest(lines: readonly string[], body = ''): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body, 'utf8');
}
