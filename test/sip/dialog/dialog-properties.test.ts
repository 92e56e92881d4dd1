import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUacDialog, createUasDialog, parseMessage, serializeMessage, validateRequest, type SipRequest } from '../../../src/sip/index.ts';
import { aliceInvite, bobAnswer, inviteThroughProxies, sideOptions } from './support/call-fixtures.ts';

const methods = fc.constantFrom('INVITE', 'ACK', 'UPDATE', 'INFO', 'OPTIONS');
const policy = { methods: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'INFO', 'UPDATE'] };

describe('dialog properties', () => {
  it('every request a dialog builds is valid on the wire, and its CSeqs only rise (ACK repeats its INVITE)', () => {
    fc.assert(
      fc.property(fc.array(methods, { maxLength: 20 }), fc.boolean(), (sequence, uas) => {
        const invite = inviteThroughProxies();
        const answer = bobAnswer(invite, 200);
        const dialog = uas ? createUasDialog(invite, answer, sideOptions('b', 1)) : createUacDialog(invite, answer, sideOptions('a'));
        let last = dialog.localSeq ?? 0;
        let inviteSeq: number | undefined = uas ? undefined : invite.cseq.seq;
        const sent: SipRequest[] = [];
        for (const method of [...sequence, 'BYE']) {
          if (method === 'ACK' && inviteSeq === undefined) continue;
          const request = dialog.createRequest(method);
          sent.push(request);
          if (method === 'ACK') {
            expect(request.cseq.seq).toBe(inviteSeq);
            continue;
          }
          expect(request.cseq.seq).toBe(last + 1);
          last = request.cseq.seq;
          if (method === 'INVITE') inviteSeq = last;
        }
        for (const request of sent) {
          const reparsed = parseMessage(serializeMessage(request));
          if (!reparsed.ok || reparsed.message.kind !== 'request') throw new Error('a dialog request did not parse');
          expect(validateRequest(reparsed.message, policy)).toEqual({ ok: true });
          expect(reparsed.message.rawHeaders('Route')).toEqual(request.rawHeaders('Route'));
        }
        expect(dialog.state).toBe('terminated');
      }),
      { numRuns: 100 },
    );
  });

  it('the UAS accepts exactly the requests whose CSeq is not below the highest seen (§12.2.2)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }), (numbers) => {
        const invite = aliceInvite({ cseq: 1 });
        const bob = createUasDialog(invite, bobAnswer(invite, 200), sideOptions('b'));
        const alice = createUacDialog(invite, bobAnswer(invite, 200), sideOptions('a'));
        let highest = 1;
        for (const seq of numbers) {
          const request = alice.createRequest('INFO');
          request.setHeader('CSeq', `${seq} INFO`);
          const verdict = bob.receiveRequest(request);
          expect(verdict.accepted).toBe(seq >= highest);
          highest = Math.max(highest, seq);
          expect(bob.remoteSeq).toBe(highest);
        }
      }),
      { numRuns: 100 },
    );
  });
});
