import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CallControl } from '../../src/calls/call-control.ts';
import { SipFrontDoor } from '../../src/calls/sip-front-door.ts';
import { emptySnapshot } from '../../src/routing/index.ts';
import {
  createRequest,
  createResponse,
  nameAddr,
  SipTransport,
  sipUri,
  TransactionLayer,
  via,
  type HeaderField,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from '../../src/sip/index.ts';
import type { TrunkReads } from '../../src/store/store.ts';

/*
 * The front door in process, on real loopback sockets, for the answers the process-level test does
 * not reach: what validateRequest refuses, requests inside a dialog we do not have, and a trunk
 * lookup that fails.
 */

const loopback = '127.0.0.1';
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function listening(user: ConstructorParameters<typeof TransactionLayer>[0]['user']): Promise<{ layer: TransactionLayer; port: number }> {
  const transport = new SipTransport();
  const layer = new TransactionLayer({ transport, user });
  const { port } = await transport.listen({ host: loopback, port: 0 });
  closers.push(() => transport.close());
  return { layer, port };
}

async function frontDoor(trunks: Pick<TrunkReads, 'findBySourceAddress'>, onLookupError?: (error: unknown, request: SipRequest) => void) {
  // Real call control with nothing to route: requests in dialogs it does not have find no leg.
  const calls = new CallControl({ routing: { current: () => emptySnapshot() }, records: { save: async () => undefined }, address: () => ({ host: loopback, port: 5060 }) });
  const door = await listening(new SipFrontDoor({ trunks, calls, ...(onLookupError ? { onLookupError } : {}) }));
  calls.attach(door.layer);
  const uac = await listening({
    onRequest(transaction: ServerTransaction) {
      transaction.respond(createResponse(transaction.request, 501));
    },
  });
  const ask = (method: string, options: { toTag?: string; headers?: readonly HeaderField[] } = {}): Promise<SipResponse> => {
    const service = sipUri({ user: 'service', host: loopback, port: door.port });
    const request = createRequest({
      method,
      uri: service,
      via: via({ transport: 'UDP', host: loopback, port: uac.port, branch: `z9hG4bK${randomBytes(8).toString('hex')}` }),
      from: nameAddr(sipUri({ user: 'caller', host: loopback }), { params: new Map([['tag', 'from1']]) }),
      to: nameAddr(service, options.toTag ? { params: new Map([['tag', options.toTag]]) } : {}),
      callId: `${randomBytes(8).toString('hex')}@${loopback}`,
      cseq: 1,
      contact: nameAddr(sipUri({ host: loopback, port: uac.port })),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    return new Promise((resolve, reject) => {
      uac.layer.sendRequest(request, { transport: 'udp', address: loopback, port: door.port }, {
        onResponse(response) {
          if (response.status >= 200) resolve(response);
        },
        onFailure: reject,
      });
    });
  };
  return { ask };
}

const noTrunks: Pick<TrunkReads, 'findBySourceAddress'> = { findBySourceAddress: () => Promise.resolve([]) };

describe('SipFrontDoor', () => {
  it('answers what validateRequest refuses before anything else: an unknown required extension gets 420 with Unsupported', async () => {
    const { ask } = await frontDoor(noTrunks);
    const response = await ask('INVITE', { headers: [{ name: 'Require', value: 'foo-extension' }] });
    expect(response.status).toBe(420);
    expect(response.rawHeader('Unsupported')).toBe('foo-extension');
  });

  it('answers a method it does not implement with 501 and the Allow list', async () => {
    const { ask } = await frontDoor(noTrunks);
    const response = await ask('SUBSCRIBE');
    expect(response.status).toBe(501);
    expect(response.rawHeader('Allow')).toContain('INVITE');
  });

  it('answers a request inside a dialog it does not have with 481', async () => {
    const { ask } = await frontDoor(noTrunks);
    expect((await ask('BYE', { toTag: 'nosuchdialog' })).status).toBe(481);
  });

  it('answers 403 to an out-of-dialog BYE from an unknown source', async () => {
    const { ask } = await frontDoor(noTrunks);
    expect((await ask('BYE')).status).toBe(403);
  });

  it('answers 500 and reports the error when the trunk lookup fails', async () => {
    const failures: unknown[] = [];
    const broken: Pick<TrunkReads, 'findBySourceAddress'> = { findBySourceAddress: () => Promise.reject(new Error('database is gone')) };
    const { ask } = await frontDoor(broken, (error) => failures.push(error));
    expect((await ask('INVITE')).status).toBe(500);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain('database is gone');
  });
});
