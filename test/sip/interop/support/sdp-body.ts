/**
 * A minimal SDP session (RFC 4566 §5) for the interop helpers: one PCMU audio stream. The helpers
 * carry no media; the body only has to be well-formed so a peer such as sipp accepts the offer or
 * answer (RFC 3264 §5, §6).
 */
export function sdpBody(address: string, audioPort: number, sessionId: number): string {
  return [
    'v=0',
    `o=ringroute ${sessionId} ${sessionId} IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${audioPort} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
}

export const sdpContentType = 'application/sdp';
