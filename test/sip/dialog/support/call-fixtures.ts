import {
  createRequest,
  createResponse,
  parseNameAddr,
  parseUri,
  via,
  type DialogOptions,
  type HeaderField,
  type NameAddr,
  type SipRequest,
  type SipResponse,
  type Uri,
} from '../../../../src/sip/index.ts';

export function uri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(`bad URI ${text}: ${parsed.reason}`);
  return parsed.value;
}

export function address(text: string): NameAddr {
  const parsed = parseNameAddr(text);
  if (!parsed.ok) throw new Error(`bad address ${text}: ${parsed.reason}`);
  return parsed.value;
}

/** Dialog options whose Vias carry numbered branches, so every header of a request is predictable. */
export function sideOptions(host: string, initialSeq = 1000): DialogOptions & { readonly branches: () => number } {
  let count = 0;
  return {
    via: () => via({ transport: 'UDP', host, port: 5060, branch: `z9hG4bK-${host}-${++count}` }),
    initialSeq: () => initialSeq,
    branches: () => count,
  };
}

/** Alice's INVITE to Bob, as it leaves Alice (no Record-Route yet). */
export function aliceInvite(extra: { cseq?: number; callId?: string } = {}): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri: uri('sip:bob@biloxi.example.com'),
    via: via({ transport: 'UDP', host: 'pc33.atlanta.example.com', port: 5060, branch: 'z9hG4bK-invite' }),
    from: address('"Alice" <sip:alice@atlanta.example.com>;tag=a73kszlfl'),
    to: address('"Bob" <sip:bob@biloxi.example.com>'),
    callId: extra.callId ?? '1j9FpLxk3uxtm8tn@atlanta.example.com',
    cseq: extra.cseq ?? 314159,
    contact: address('<sip:alice@pc33.atlanta.example.com>'),
    body: 'v=0\r\n',
    contentType: 'application/sdp',
  });
}

/** The INVITE as Bob sees it after two record-routing proxies (p1 nearer Alice, then p2). */
export function inviteThroughProxies(recordRoutes: readonly string[] = ['<sip:p2.biloxi.example.com;lr>', '<sip:p1.atlanta.example.com;lr>']): SipRequest {
  const invite = aliceInvite();
  // Each proxy adds its Record-Route on top (§16.6 step 4), so the nearest to Bob is first.
  for (const value of [...recordRoutes].reverse()) invite.prependHeader('Record-Route', value);
  return invite;
}

/** Bob's answer, with his tag and Contact (Record-Route copied, §12.1.1). */
export function bobAnswer(invite: SipRequest, status: number, tag = '8321234356', contact = '<sip:bob@192.0.2.4>', headers: readonly HeaderField[] = []): SipResponse {
  return createResponse(invite, status, { toTag: tag, headers: [{ name: 'Contact', value: contact }, ...headers] });
}

/** "Name: value" lines of a message's header fields, in order. */
export function lines(message: SipRequest | SipResponse): string[] {
  return message.fields().map((field) => `${field.name}: ${field.value}`);
}
