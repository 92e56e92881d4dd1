import { afterEach, describe, expect, it } from 'vitest';
import { createResponse, SipTransport, TransactionLayer, type TransportProtocol } from '../../../src/sip/index.ts';
import { RecordingHandler, RecordingUser, request } from '../transaction/support/fixtures.ts';
import { optionsRequest } from './support/requests.ts';

const host = '127.0.0.1';
const transports: SipTransport[] = [];

afterEach(async () => {
  for (const transport of transports.splice(0)) await transport.close();
});

async function node(user: RecordingUser): Promise<{ layer: TransactionLayer; port: number }> {
  const transport = new SipTransport();
  transports.push(transport);
  const layer = new TransactionLayer({ transport, user });
  const { port } = await transport.listen({ host, port: 0 });
  return { layer, port };
}

/** Waits (briefly, in real time) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe.each<TransportProtocol>(['udp', 'tcp'])('transaction layers over real %s sockets', (protocol) => {
  it('complete a non-INVITE request with a final response', async () => {
    const serverUser = new RecordingUser();
    const server = await node(serverUser);
    const client = await node(new RecordingUser());
    const options = optionsRequest({ transport: protocol === 'udp' ? 'UDP' : 'TCP', host, port: client.port });
    const handler = new RecordingHandler();
    client.layer.sendRequest(options, { transport: protocol, address: host, port: server.port }, handler);
    await until(() => serverUser.requests.length === 1);
    const tx = serverUser.requests[0]!;
    tx.respond(createResponse(tx.request, 200));
    await until(() => handler.responses.length === 1);
    expect(handler.statuses).toEqual([200]);
    expect(handler.failures).toEqual([]);
  });

  it('reject an INVITE, with the ACK reaching the server transaction', async () => {
    const serverUser = new RecordingUser();
    const server = await node(serverUser);
    const client = await node(new RecordingUser());
    const invite = request('INVITE', { transport: protocol === 'udp' ? 'UDP' : 'TCP' });
    // The fixture's Via names a documentation address; received/rport bring the answer back.
    invite.setHeader('Via', `SIP/2.0/${protocol.toUpperCase()} ${host}:${client.port};rport;branch=${invite.topVia.branch!}`);
    const handler = new RecordingHandler();
    client.layer.sendRequest(invite, { transport: protocol, address: host, port: server.port }, handler);
    await until(() => serverUser.requests.length === 1);
    const tx = serverUser.requests[0]!;
    tx.respond(createResponse(tx.request, 486, { toTag: 'busy' }));
    await until(() => tx.state !== 'completed');
    expect(handler.statuses).toContain(486);
    expect(tx.state === 'confirmed' || tx.state === 'terminated').toBe(true);
    expect(serverUser.errors).toEqual([]);
  });
});
