import { describe, expect, it } from 'vitest';
import { createResponse, createUacDialog, DialogError, formatUri, type DialogErrorCode } from '../../../src/sip/index.ts';
import { aliceInvite, bobAnswer, inviteThroughProxies, lines, sideOptions } from './support/call-fixtures.ts';

function codeOf(action: () => unknown): DialogErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DialogError) return error.code;
    throw error;
  }
  return undefined;
}

describe('UAC dialog creation (RFC 3261 §12.1.2)', () => {
  it('takes its state from the INVITE and the 2xx: ids, URIs, targets, reversed Record-Route, CSeqs', () => {
    const invite = inviteThroughProxies();
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33.atlanta.example.com'));
    expect(dialog.state).toBe('confirmed');
    expect(dialog.role).toBe('uac');
    expect([dialog.callId, dialog.localTag, dialog.remoteTag]).toEqual(['1j9FpLxk3uxtm8tn@atlanta.example.com', 'a73kszlfl', '8321234356']);
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@192.0.2.4');
    expect(formatUri(dialog.localTarget.uri)).toBe('sip:alice@pc33.atlanta.example.com');
    // Record-Route reads Bob-side first; Alice's route set starts at the proxy nearest her.
    expect(dialog.routeSet.map((entry) => formatUri(entry.uri))).toEqual(['sip:p1.atlanta.example.com;lr', 'sip:p2.biloxi.example.com;lr']);
    expect(dialog.localSeq).toBe(314159);
    expect(dialog.remoteSeq).toBeUndefined();
    expect(dialog.secure).toBe(false);
  });

  it('is early from a 1xx with a To tag, and confirmed by the 2xx, which recomputes the route set (§13.2.2.4)', () => {
    const invite = inviteThroughProxies(['<sip:p2.biloxi.example.com;lr>']);
    const dialog = createUacDialog(invite, bobAnswer(invite, 180, 'bobtag', '<sip:bob@198.51.100.1>'), sideOptions('pc33'));
    expect(dialog.state).toBe('early');
    expect(dialog.routeSet).toHaveLength(1);
    const ok = bobAnswer(invite, 200, 'bobtag', '<sip:bob@192.0.2.4>');
    ok.setHeader('Record-Route', ['<sip:p2.biloxi.example.com;lr>', '<sip:p1.atlanta.example.com;lr>']);
    dialog.receiveResponse(ok);
    expect(dialog.state).toBe('confirmed');
    expect(dialog.routeSet.map((entry) => formatUri(entry.uri))).toEqual(['sip:p1.atlanta.example.com;lr', 'sip:p2.biloxi.example.com;lr']);
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@192.0.2.4');
  });

  it('is secure only when the INVITE went over TLS to a sips URI', () => {
    const invite = aliceInvite();
    invite.uri = { kind: 'sip', scheme: 'sips', user: 'bob', host: 'biloxi.example.com', params: new Map(), headers: new Map() };
    const answer = bobAnswer(invite, 200);
    expect(createUacDialog(invite, answer, { ...sideOptions('pc33'), overTls: true }).secure).toBe(true);
    expect(createUacDialog(invite, answer, sideOptions('pc33')).secure).toBe(false);
  });

  it('refuses responses that create no dialog', () => {
    const invite = aliceInvite();
    const options = sideOptions('pc33');
    expect(codeOf(() => createUacDialog(invite, createResponse(invite, 180), options))).toBe('missing_tag');
    expect(codeOf(() => createUacDialog(invite, bobAnswer(invite, 100), options))).toBe('not_dialog_creating');
    expect(codeOf(() => createUacDialog(invite, bobAnswer(invite, 486), options))).toBe('not_dialog_creating');
    expect(codeOf(() => createUacDialog(invite, createResponse(invite, 200, { toTag: 'x' }), options))).toBe('missing_contact');
    expect(codeOf(() => createUacDialog(invite, bobAnswer(aliceInvite({ cseq: 1 }), 200), options))).toBe('mismatch');
  });

  it('falls back to the Request-URI for an early dialog whose 1xx has no Contact', () => {
    const invite = aliceInvite();
    const dialog = createUacDialog(invite, createResponse(invite, 180, { toTag: 'x' }), sideOptions('pc33'));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@biloxi.example.com');
  });
});

describe('UAC requests within the dialog (RFC 3261 §12.2.1.1)', () => {
  it('writes every header of the ACK and BYE through two loose routers', () => {
    const invite = inviteThroughProxies();
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33.atlanta.example.com'));
    const ack = dialog.createRequest('ACK');
    expect(ack.method).toBe('ACK');
    expect(ack.uriText).toBe('sip:bob@192.0.2.4');
    expect(lines(ack)).toEqual([
      'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK-pc33.atlanta.example.com-1',
      'Max-Forwards: 70',
      'Route: <sip:p1.atlanta.example.com;lr>',
      'Route: <sip:p2.biloxi.example.com;lr>',
      'From: "Alice" <sip:alice@atlanta.example.com>;tag=a73kszlfl',
      'To: "Bob" <sip:bob@biloxi.example.com>;tag=8321234356',
      'Call-ID: 1j9FpLxk3uxtm8tn@atlanta.example.com',
      // §13.2.2.4: the ACK for the 2xx carries the INVITE's CSeq number.
      'CSeq: 314159 ACK',
      'Content-Length: 0',
    ]);
    const bye = dialog.createRequest('BYE', { headers: [{ name: 'Reason', value: 'Q.850;cause=16' }] });
    expect(bye.uriText).toBe('sip:bob@192.0.2.4');
    expect(lines(bye)).toEqual([
      'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK-pc33.atlanta.example.com-2',
      'Max-Forwards: 70',
      'Route: <sip:p1.atlanta.example.com;lr>',
      'Route: <sip:p2.biloxi.example.com;lr>',
      'From: "Alice" <sip:alice@atlanta.example.com>;tag=a73kszlfl',
      'To: "Bob" <sip:bob@biloxi.example.com>;tag=8321234356',
      'Call-ID: 1j9FpLxk3uxtm8tn@atlanta.example.com',
      'CSeq: 314160 BYE',
      'Reason: Q.850;cause=16',
      'Content-Length: 0',
    ]);
  });

  it('sends a re-INVITE with the next CSeq, its Contact and body, and ACKs it with that CSeq', () => {
    const invite = aliceInvite();
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33'));
    dialog.createRequest('ACK');
    const info = dialog.createRequest('INFO', { body: 'Signal=5\r\n', contentType: 'application/dtmf-relay' });
    expect(info.cseq).toEqual({ seq: 314160, method: 'INFO' });
    expect(info.hasHeader('Contact')).toBe(false);
    expect(info.rawHeader('Content-Type')).toBe('application/dtmf-relay');
    expect(info.hasHeader('Route')).toBe(false);
    const reinvite = dialog.createRequest('INVITE', { body: 'v=0\r\n', contentType: 'application/sdp' });
    expect(reinvite.cseq).toEqual({ seq: 314161, method: 'INVITE' });
    expect(reinvite.rawHeaders('Contact')).toEqual(['<sip:alice@pc33.atlanta.example.com>']);
    expect(reinvite.body.toString()).toBe('v=0\r\n');
    expect(reinvite.rawHeader('Content-Length')).toBe('5');
    const update = dialog.createRequest('UPDATE');
    expect(update.cseq.seq).toBe(314162);
    expect(update.rawHeaders('Contact')).toEqual(['<sip:alice@pc33.atlanta.example.com>']);
    expect(dialog.createRequest('ACK').cseq).toEqual({ seq: 314161, method: 'ACK' });
    expect(dialog.localSeq).toBe(314162);
  });

  it('through a strict router puts its URI in the Request-URI and the remote target last in Route', () => {
    const invite = inviteThroughProxies(['<sip:p2.biloxi.example.com;lr>', '<sip:p1.atlanta.example.com;method=INVITE?X-Debug=1>']);
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33'));
    const bye = dialog.createRequest('BYE');
    // The method parameter and URI headers are not allowed in a Request-URI (§19.1.1).
    expect(bye.uriText).toBe('sip:p1.atlanta.example.com');
    expect(bye.rawHeaders('Route')).toEqual(['<sip:p2.biloxi.example.com;lr>', '<sip:bob@192.0.2.4>']);
  });

  it('replaces the remote target from the 2xx to a target refresh only (§12.2.1.2)', () => {
    const invite = aliceInvite();
    const options = sideOptions('pc33');
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), options);
    const info = dialog.createRequest('INFO');
    dialog.receiveResponse(createResponse(info, 200, { headers: [{ name: 'Contact', value: '<sip:bob@203.0.113.9>' }] }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@192.0.2.4');
    const reinvite = dialog.createRequest('INVITE');
    dialog.receiveResponse(createResponse(reinvite, 491, { headers: [{ name: 'Contact', value: '<sip:bob@203.0.113.9>' }] }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@192.0.2.4');
    dialog.receiveResponse(createResponse(reinvite, 200, { headers: [{ name: 'Contact', value: '<sip:bob@203.0.113.9:5070>' }] }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@203.0.113.9:5070');
    expect(dialog.createRequest('BYE').uriText).toBe('sip:bob@203.0.113.9:5070');
  });

  it('ends on a 481 or 408 to a request within it (§12.2.1.2), and after a BYE refuses more requests', () => {
    for (const status of [481, 408]) {
      const invite = aliceInvite();
      const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33'));
      dialog.receiveResponse(createResponse(dialog.createRequest('INFO'), status));
      expect(dialog.state).toBe('terminated');
    }
    const invite = aliceInvite();
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33'));
    dialog.createRequest('BYE');
    expect(dialog.state).toBe('terminated');
    expect(codeOf(() => dialog.createRequest('INFO'))).toBe('terminated');
  });

  it('ends an early dialog on a final non-2xx to the INVITE (§12.3)', () => {
    const invite = aliceInvite();
    const dialog = createUacDialog(invite, bobAnswer(invite, 183), sideOptions('pc33'));
    dialog.receiveResponse(bobAnswer(invite, 180));
    expect(dialog.state).toBe('early');
    dialog.receiveResponse(bobAnswer(invite, 603));
    expect(dialog.state).toBe('terminated');
  });

  it('refuses CANCEL, a foreign response and a CSeq past 2**32 - 1', () => {
    const invite = aliceInvite({ cseq: 2 ** 32 - 1 });
    const dialog = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('pc33'));
    expect(codeOf(() => dialog.createRequest('CANCEL'))).toBe('method_not_allowed');
    expect(codeOf(() => dialog.receiveResponse(bobAnswer(invite, 200, 'another-tag')))).toBe('mismatch');
    expect(codeOf(() => dialog.createRequest('INFO'))).toBe('cseq_exhausted');
    expect(dialog.createRequest('ACK').cseq.seq).toBe(2 ** 32 - 1);
  });
});
