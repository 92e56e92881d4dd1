import { describe, expect, it } from 'vitest';
import { createRequest, createResponse, createUasDialog, DialogError, formatUri, via, type Dialog, type SipRequest } from '../../../src/sip/index.ts';
import { address, bobAnswer, inviteThroughProxies, lines, sideOptions, uri } from './support/call-fixtures.ts';

/** Bob answers Alice's INVITE (through p1 and p2) with a 200 and his tag. */
function bobDialog(status = 200): { dialog: Dialog; invite: SipRequest } {
  const invite = inviteThroughProxies();
  return { dialog: createUasDialog(invite, bobAnswer(invite, status), sideOptions('192.0.2.4', 7000)), invite };
}

/** A request Alice sends in the dialog, as it reaches Bob (Routes consumed by the proxies). */
function fromAlice(method: string, cseq: number, extra: { contact?: string; toTag?: string; fromTag?: string } = {}): SipRequest {
  return createRequest({
    method,
    uri: uri('sip:bob@192.0.2.4'),
    via: via({ transport: 'UDP', host: 'pc33.atlanta.example.com', branch: `z9hG4bK-${method}-${cseq}` }),
    from: address(`"Alice" <sip:alice@atlanta.example.com>;tag=${extra.fromTag ?? 'a73kszlfl'}`),
    to: address(`"Bob" <sip:bob@biloxi.example.com>;tag=${extra.toTag ?? '8321234356'}`),
    callId: '1j9FpLxk3uxtm8tn@atlanta.example.com',
    cseq,
    ...(extra.contact !== undefined ? { contact: address(extra.contact) } : {}),
  });
}

describe('UAS dialog creation (RFC 3261 §12.1.1)', () => {
  it('takes Record-Route in order, the INVITE Contact as remote target and its CSeq as remote CSeq', () => {
    const { dialog } = bobDialog();
    expect(dialog.role).toBe('uas');
    expect(dialog.state).toBe('confirmed');
    expect([dialog.localTag, dialog.remoteTag]).toEqual(['8321234356', 'a73kszlfl']);
    expect(dialog.routeSet.map((entry) => formatUri(entry.uri))).toEqual(['sip:p2.biloxi.example.com;lr', 'sip:p1.atlanta.example.com;lr']);
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@pc33.atlanta.example.com');
    expect(formatUri(dialog.localTarget.uri)).toBe('sip:bob@192.0.2.4');
    expect(dialog.remoteSeq).toBe(314159);
    expect(dialog.localSeq).toBeUndefined();
  });

  it("writes Bob's BYE with his own CSeq space, From/To swapped and the route set toward Alice", () => {
    const { dialog } = bobDialog();
    const bye = dialog.createRequest('BYE');
    expect(bye.uriText).toBe('sip:alice@pc33.atlanta.example.com');
    expect(lines(bye)).toEqual([
      'Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK-192.0.2.4-1',
      'Max-Forwards: 70',
      'Route: <sip:p2.biloxi.example.com;lr>',
      'Route: <sip:p1.atlanta.example.com;lr>',
      'From: "Bob" <sip:bob@biloxi.example.com>;tag=8321234356',
      'To: "Alice" <sip:alice@atlanta.example.com>;tag=a73kszlfl',
      'Call-ID: 1j9FpLxk3uxtm8tn@atlanta.example.com',
      // §12.2.1.1: the first local CSeq is chosen afresh (here by the options), not the peer's.
      'CSeq: 7000 BYE',
      'Content-Length: 0',
    ]);
    expect(dialog.state).toBe('terminated');
  });

  it('refuses a 2xx ACK (no INVITE of its own) and a BYE on an early dialog (§15)', () => {
    const early = bobDialog(180).dialog;
    expect(early.state).toBe('early');
    expect(() => early.createRequest('BYE')).toThrow(DialogError);
    expect(() => bobDialog().dialog.createRequest('ACK')).toThrow(expect.objectContaining({ code: 'method_not_allowed' }));
  });

  it('is confirmed by the 2xx it sends and ended by a final non-2xx (§12.3)', () => {
    const invite = inviteThroughProxies();
    const ringing = createUasDialog(invite, bobAnswer(invite, 180), sideOptions('b'));
    ringing.responseSent(bobAnswer(invite, 200));
    expect(ringing.state).toBe('confirmed');
    const declined = createUasDialog(invite, bobAnswer(invite, 183), sideOptions('b'));
    declined.responseSent(bobAnswer(invite, 486));
    expect(declined.state).toBe('terminated');
  });

  it('needs a tag and both Contacts', () => {
    const invite = inviteThroughProxies();
    expect(() => createUasDialog(invite, createResponse(invite, 200), sideOptions('b'))).toThrow(expect.objectContaining({ code: 'missing_tag' }));
    expect(() => createUasDialog(invite, createResponse(invite, 200, { toTag: 't' }), sideOptions('b'))).toThrow(expect.objectContaining({ code: 'missing_contact' }));
    invite.removeHeader('Contact');
    expect(() => createUasDialog(invite, bobAnswer(invite, 200), sideOptions('b'))).toThrow(expect.objectContaining({ code: 'missing_contact' }));
  });
});

describe('UAS receiving requests within the dialog (RFC 3261 §12.2.2)', () => {
  it('accepts rising and repeated CSeqs, answers 500 to a lower one and keeps the highest', () => {
    const { dialog } = bobDialog();
    expect(dialog.receiveRequest(fromAlice('INFO', 314160))).toEqual({ accepted: true });
    expect(dialog.remoteSeq).toBe(314160);
    expect(dialog.receiveRequest(fromAlice('INFO', 314170))).toEqual({ accepted: true });
    // Only a lower number is out of order (§12.2.2); an equal one is not refused here.
    expect(dialog.receiveRequest(fromAlice('OPTIONS', 314170))).toEqual({ accepted: true });
    expect(dialog.receiveRequest(fromAlice('INFO', 314165))).toMatchObject({ accepted: false, status: 500 });
    expect(dialog.remoteSeq).toBe(314170);
    // The ACK carries the INVITE's (lower) number and is never answered (§13.2.2.4).
    expect(dialog.receiveRequest(fromAlice('ACK', 314159))).toEqual({ accepted: true });
    expect(dialog.remoteSeq).toBe(314170);
  });

  it('takes the Contact of a re-INVITE or UPDATE as the new remote target, not that of an INFO', () => {
    const { dialog } = bobDialog();
    dialog.receiveRequest(fromAlice('INFO', 314160, { contact: '<sip:alice@198.51.100.7>' }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@pc33.atlanta.example.com');
    dialog.receiveRequest(fromAlice('INVITE', 314161, { contact: '<sip:alice@198.51.100.7>' }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@198.51.100.7');
    dialog.receiveRequest(fromAlice('UPDATE', 314162, { contact: '<sip:alice@198.51.100.8;transport=tcp>' }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@198.51.100.8;transport=tcp');
    expect(dialog.createRequest('INFO').uriText).toBe('sip:alice@198.51.100.8;transport=tcp');
  });

  it('does not refresh the target from a re-INVITE it rejects as out of order', () => {
    const { dialog } = bobDialog();
    dialog.receiveRequest(fromAlice('INFO', 314170));
    dialog.receiveRequest(fromAlice('INVITE', 314161, { contact: '<sip:alice@198.51.100.7>' }));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@pc33.atlanta.example.com');
  });

  it('ends on a BYE (§15.1.2) and answers 481 afterwards or for another dialog', () => {
    const { dialog } = bobDialog();
    expect(dialog.receiveRequest(fromAlice('INFO', 314160, { toTag: 'other' }))).toMatchObject({ accepted: false, status: 481 });
    expect(dialog.receiveRequest(fromAlice('BYE', 314160))).toEqual({ accepted: true });
    expect(dialog.state).toBe('terminated');
    expect(dialog.receiveRequest(fromAlice('INFO', 314161))).toMatchObject({ accepted: false, status: 481 });
  });
});
