import { describe, expect, it } from 'vitest';
import { createResponse, DialogStore, InviteForks, dialogId, formatUri } from '../../../src/sip/index.ts';
import { aliceInvite, bobAnswer, sideOptions } from './support/call-fixtures.ts';

const callId = '1j9FpLxk3uxtm8tn@atlanta.example.com';

describe('one INVITE forked to two phones (RFC 3261 §12.1.2, §13.2.2.4)', () => {
  it('opens an early dialog per To tag; the 2xx confirms one and terminates the other', () => {
    const invite = aliceInvite();
    const store = new DialogStore();
    const forks = new InviteForks(invite, { ...sideOptions('pc33'), store });
    expect(forks.receive(createResponse(invite, 100))).toEqual({ kind: 'none' });

    const desk = forks.receive(bobAnswer(invite, 180, 'desk', '<sip:bob@192.0.2.10>'));
    const mobile = forks.receive(bobAnswer(invite, 183, 'mobile', '<sip:bob@192.0.2.20>'));
    expect(desk).toMatchObject({ kind: 'early', created: true });
    expect(mobile).toMatchObject({ kind: 'early', created: true });
    expect(forks.receive(bobAnswer(invite, 180, 'desk', '<sip:bob@192.0.2.10>'))).toMatchObject({ kind: 'early', created: false });
    expect(forks.early.map((dialog) => dialog.remoteTag)).toEqual(['desk', 'mobile']);
    expect(store.size).toBe(2);

    const answered = forks.receive(bobAnswer(invite, 200, 'mobile', '<sip:bob@192.0.2.21>'));
    if (answered.kind !== 'confirmed') throw new Error(`expected confirmed, got ${answered.kind}`);
    expect(answered.dialog.remoteTag).toBe('mobile');
    expect(answered.dialog.state).toBe('confirmed');
    expect(formatUri(answered.dialog.remoteTarget)).toBe('sip:bob@192.0.2.21');
    expect(answered.terminated.map((dialog) => [dialog.remoteTag, dialog.state])).toEqual([['desk', 'terminated']]);
    expect(forks.confirmed).toBe(answered.dialog);
    expect(forks.early).toEqual([]);

    // The store now finds only the confirmed dialog.
    expect(store.get(dialogId(callId, 'a73kszlfl', 'mobile'))).toBe(answered.dialog);
    expect(store.get(dialogId(callId, 'a73kszlfl', 'desk'))).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('tells a retransmitted 2xx from a second fork answering, which gets its own dialog', () => {
    const invite = aliceInvite();
    const forks = new InviteForks(invite, sideOptions('pc33'));
    forks.receive(bobAnswer(invite, 180, 'desk'));
    const first = forks.receive(bobAnswer(invite, 200, 'mobile'));
    expect(first).toMatchObject({ kind: 'confirmed' });
    expect(forks.receive(bobAnswer(invite, 200, 'mobile'))).toMatchObject({ kind: 'retransmission', dialog: forks.confirmed });
    expect(forks.receive(bobAnswer(invite, 180, 'late'))).toEqual({ kind: 'none' });
    const extra = forks.receive(bobAnswer(invite, 200, 'desk'));
    if (extra.kind !== 'extra') throw new Error(`expected extra, got ${extra.kind}`);
    expect([extra.dialog.remoteTag, extra.dialog.state]).toEqual(['desk', 'confirmed']);
    // The caller acknowledges it and hangs it up (§13.2.2.4).
    expect(extra.dialog.createRequest('ACK').cseq).toEqual({ seq: 314159, method: 'ACK' });
    expect(extra.dialog.createRequest('BYE').rawHeader('To')).toBe('"Bob" <sip:bob@biloxi.example.com>;tag=desk');
    expect(forks.confirmed?.remoteTag).toBe('mobile');
  });

  it('terminates every early dialog on a final failure (§12.3)', () => {
    const invite = aliceInvite();
    const forks = new InviteForks(invite, sideOptions('pc33'));
    forks.receive(bobAnswer(invite, 180, 'desk'));
    forks.receive(bobAnswer(invite, 180, 'mobile'));
    const failed = forks.receive(bobAnswer(invite, 486, 'mobile'));
    if (failed.kind !== 'failed') throw new Error(`expected failed, got ${failed.kind}`);
    expect(failed.terminated.map((dialog) => dialog.remoteTag)).toEqual(['desk', 'mobile']);
    expect(forks.dialogs.every((dialog) => dialog.state === 'terminated')).toBe(true);
  });

  it('confirms directly on a 2xx with no 1xx before it, and rejects a response to another request', () => {
    const invite = aliceInvite();
    const forks = new InviteForks(invite, sideOptions('pc33'));
    expect(() => forks.receive(bobAnswer(aliceInvite({ cseq: 9 }), 200))).toThrow(expect.objectContaining({ code: 'mismatch' }));
    expect(forks.receive(bobAnswer(invite, 200))).toMatchObject({ kind: 'confirmed', terminated: [] });
  });
});
