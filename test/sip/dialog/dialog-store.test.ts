import { describe, expect, it } from 'vitest';
import { createUacDialog, createUasDialog, DialogStore, dialogIdOfRequest, dialogIdOfResponse } from '../../../src/sip/index.ts';
import { aliceInvite, bobAnswer, sideOptions } from './support/call-fixtures.ts';

/** Alice's and Bob's views of one call, each holding a store, as a B2BUA leg would on each side. */
function call() {
  const invite = aliceInvite();
  const answer = bobAnswer(invite, 200);
  const alice = createUacDialog(invite, answer, sideOptions('pc33.atlanta.example.com'));
  const bob = createUasDialog(invite, answer, sideOptions('192.0.2.4', 500));
  const aliceStore = new DialogStore();
  const bobStore = new DialogStore();
  aliceStore.add(alice);
  bobStore.add(bob);
  return { invite, alice, bob, aliceStore, bobStore };
}

describe('DialogStore (RFC 3261 §12.2.2)', () => {
  it('matches a request by the To tag as ours and the From tag as theirs, on each side', () => {
    const { alice, bob, aliceStore, bobStore } = call();
    const info = alice.createRequest('INFO');
    expect(bobStore.matchRequest(info)).toBe(bob);
    expect(aliceStore.matchRequest(info)).toBeUndefined();
    const notify = bob.createRequest('INFO');
    expect(aliceStore.matchRequest(notify)).toBe(alice);
    // The peer's view has the tags swapped, so the ids differ but describe the same dialog.
    expect(alice.id).not.toBe(bob.id);
    expect(dialogIdOfRequest(info)).toBe(bob.id);
  });

  it('matches a response to an in-dialog request with the sender', () => {
    const { alice, aliceStore } = call();
    const reply = bobAnswer(alice.createRequest('INFO'), 200);
    expect(dialogIdOfResponse(reply)).toBe(alice.id);
    expect(aliceStore.matchResponse(reply)).toBe(alice);
  });

  it('leaves out-of-dialog requests alone and drops a dialog once it has ended', () => {
    const { invite, alice, bob, bobStore } = call();
    expect(bobStore.matchRequest(invite)).toBeUndefined();
    const bye = alice.createRequest('BYE');
    expect(bobStore.matchRequest(bye)?.receiveRequest(bye)).toEqual({ accepted: true });
    expect(bob.state).toBe('terminated');
    // A later request finds no dialog: the UAS answers 481 (§12.2.2).
    expect(bobStore.matchRequest(bye)).toBeUndefined();
    expect(bobStore.size).toBe(0);
  });

  it('prunes terminated dialogs and deletes by id', () => {
    const { alice, aliceStore } = call();
    expect(aliceStore.prune()).toBe(0);
    alice.terminate();
    expect(aliceStore.prune()).toBe(1);
    aliceStore.add(alice);
    expect(aliceStore.delete(alice.id)).toBe(true);
    expect(aliceStore.get(alice.id)).toBeUndefined();
  });
});
