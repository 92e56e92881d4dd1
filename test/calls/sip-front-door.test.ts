import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequest,
  createResponse,
  nameAddr,
  SipTransport,
  sipUri,
  TransactionLayer,
  via,
  type ServerTransaction,
  type SipResponse,
  type TransactionUser,
  type TransportAddress,
  type TransportProtocol,
} from '../../src/sip/index.ts';
import { api, killAll, printedToken, startServer, temporaryDataDir, type ServerProcess } from '../cli/support/ringroute-process.ts';

/*
 * The real `ringroute serve` process with SIP on a free loopback port, asked by a UAC built from the
 * stack's own SipTransport and TransactionLayer, as a carrier (or a stranger) would ask it.
 */

const loopback = '127.0.0.1';
const sipLine = /SIP listening on udp\+tcp 127\.0\.0\.1:(\d+)/;

/** The UAC's TU: it is never asked anything in these tests, and answers 501 if it is (§8.2.1). */
const uacUser: TransactionUser = {
  onRequest(transaction: ServerTransaction) {
    transaction.respond(createResponse(transaction.request, 501));
  },
};

let dir: { path: string; remove(): void };
let server: ServerProcess;
let token: string;
let sipPort: number;
let uacTransport: SipTransport;
let uac: TransactionLayer;
let uacPort: number;

beforeAll(async () => {
  dir = temporaryDataDir();
  server = await startServer({ DATA_DIR: dir.path, SIP_ADDR: `${loopback}:0` });
  token = printedToken(server.stdout())!;
  const match = sipLine.exec(server.stdout());
  if (!match) throw new Error(`no SIP listening line in:\n${server.stdout()}`);
  sipPort = Number(match[1]);
  uacTransport = new SipTransport();
  uac = new TransactionLayer({ transport: uacTransport, user: uacUser });
  uacPort = (await uacTransport.listen({ host: loopback, port: 0 })).port;
});

afterAll(async () => {
  await uacTransport?.close();
  await killAll();
  dir?.remove();
});

function target(transport: TransportProtocol): TransportAddress {
  return { transport, address: loopback, port: sipPort };
}

/** Sends a fresh out-of-dialog request and resolves with its final response. */
function ask(method: 'OPTIONS' | 'INVITE', transport: TransportProtocol): Promise<SipResponse> {
  const service = sipUri({ user: '+31201234567', host: loopback, port: sipPort });
  const request = createRequest({
    method,
    uri: service,
    via: via({ transport: transport.toUpperCase(), host: loopback, port: uacPort, branch: `z9hG4bK${randomBytes(8).toString('hex')}` }),
    from: nameAddr(sipUri({ user: '+14155550100', host: loopback }), { params: new Map([['tag', randomBytes(4).toString('hex')]]) }),
    to: nameAddr(service),
    callId: `${randomBytes(8).toString('hex')}@${loopback}`,
    cseq: 1,
    contact: nameAddr(sipUri({ host: loopback, port: uacPort, params: new Map([['transport', transport]]) })),
  });
  return new Promise((resolve, reject) => {
    uac.sendRequest(request, target(transport), {
      onResponse(response) {
        if (response.status >= 200) resolve(response);
      },
      onFailure: reject,
    });
  });
}

describe('ringroute serve answers SIP at its front door', () => {
  it('prints the SIP address it bound', () => {
    expect(sipPort).toBeGreaterThan(0);
  });

  it.each(['udp', 'tcp'] as const)('answers OPTIONS over %s with 200 and what it allows, accepts and supports', async (transport) => {
    const response = await ask('OPTIONS', transport);
    expect(response.status).toBe(200);
    expect(response.rawHeader('Allow')?.split(/\s*,\s*/)).toEqual(expect.arrayContaining(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS']));
    expect(response.rawHeader('Accept')).toBe('application/sdp');
    expect(response.hasHeader('Supported')).toBe(true);
    expect(response.to.params.get('tag')).toBeTruthy();
  });

  it('challenges an INVITE from a source no trunk covers (401: only a registered phone may call from there); from a trunk, 404 for a number nobody has, the flow once the number exists; 401 again once the trunk is disabled', async () => {
    const stranger = await ask('INVITE', 'udp');
    expect(stranger.status).toBe(401);
    expect(stranger.rawHeader('WWW-Authenticate')).toMatch(/^Digest realm="ringroute"/);

    const created = await api(server, token, 'POST', '/v1/trunks', {
      name: 'Loopback carrier',
      host: loopback,
      sourceAddresses: [`${loopback}/32`],
    });
    expect(created.status).toBe(201);
    const trunkId = (created.body as { id: string }).id;

    // Live: the same process, no restart. No organization has the number: 404, relayed nowhere.
    expect((await ask('INVITE', 'udp')).status).toBe(404);
    expect((await ask('INVITE', 'tcp')).status).toBe(404);

    // The number exists but rings nobody: its flow ends in the default hang-up, 480 (§21.4.18).
    const number = await api(server, token, 'POST', '/v1/numbers', { phoneNumber: '+31 20 123 4567', label: 'Front door' });
    expect(number.status).toBe(201);
    expect((await ask('INVITE', 'udp')).status).toBe(480);
    expect((await ask('INVITE', 'tcp')).status).toBe(480);

    const disabled = await api(server, token, 'PATCH', `/v1/trunks/${trunkId}`, { enabled: false });
    expect(disabled.status).toBe(200);
    expect((await ask('INVITE', 'udp')).status).toBe(401);
  });

  it('answers a malformed datagram 400 and still answers the next OPTIONS 200', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
    try {
      const { port } = socket.address();
      // A Via and Call-ID to answer to, but a CSeq that is not one (§7.3.1, RFC 4475 §3.1.2).
      const broken = [
        'OPTIONS sip:ringroute@127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        'Max-Forwards: 70',
        'From: <sip:probe@127.0.0.1>;tag=1',
        'To: <sip:ringroute@127.0.0.1>',
        `Call-ID: ${randomBytes(6).toString('hex')}@127.0.0.1`,
        'CSeq: not-a-number OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      const reply = new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer to the malformed datagram')), 3000);
        socket.once('message', (bytes) => {
          clearTimeout(timer);
          resolve(bytes);
        });
      });
      socket.send(broken, sipPort, loopback);
      // The 400 echoes the broken CSeq as received (§8.2.6.2), so only its status line is read here.
      const statusLine = (await reply).toString('utf8').split('\r\n')[0];
      expect(statusLine).toMatch(/^SIP\/2\.0 400 /);
    } finally {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
    expect((await ask('OPTIONS', 'udp')).status).toBe(200);
  });

  it('closes SIP when it stops on SIGTERM, and exits 0', async () => {
    const run = await server.stop();
    expect(run.code).toBe(0);
    await expect(ask('OPTIONS', 'tcp')).rejects.toBeDefined();
  });
});
