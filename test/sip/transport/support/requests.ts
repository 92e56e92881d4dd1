import { createRequest, nameAddr, parseNameAddr, serializeMessage, sipUri, via, type SipRequest } from '../../../../src/sip/index.ts';

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

/** An INVITE sent from `host:port` over `transport` whose body makes the whole message at least `size` bytes. */
export function inviteOfSize(options: { transport: 'UDP' | 'TCP'; host: string; port: number; size: number }): SipRequest {
  const invite = optionsRequest(options);
  const request = createRequest({
    method: 'INVITE',
    uri: invite.uri,
    via: invite.topVia,
    from: invite.from,
    to: invite.to,
    callId: invite.callId,
    cseq: invite.cseq.seq,
    contact: nameAddr(sipUri({ user: 'alice', host: options.host, port: options.port })),
  });
  const sdpLines = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0'];
  // Padding attributes until the message reaches the size asked for.
  const header = serializeMessage(request).length;
  let sdp = sdpLines.join('\r\n') + '\r\n';
  while (header + sdp.length + 40 < options.size) sdp += 'a=x-pad:0123456789abcdef0123456789\r\n';
  request.setBody(sdp, 'application/sdp');
  return request;
}
