/**
 * What leaves ringroute toward the phone network, and what it refuses to take: a leg to a phone number
 * goes out through the trunk with the caller in E.164 (From, P-Asserted-Identity) or withheld as asked;
 * a destination in a country the organization does not allow is never dialled; a stranger is challenged (401) and never relayed; a
 * burst beyond the trunk's rate gets 503; garbage on the SIP port does not stop calls.
 *
 * The sipp UAS that plays the phone network behind the trunk checks the INVITE itself (see
 * scenarios/caller-id-*.xml) and fails its call on a mismatch.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { expect, it } from 'vitest';
import { callsSuite, expectPassed } from './support/calls-suite.ts';
import { runUac, settle, type SippUas } from './support/sipp-peer.ts';
import { describeWithSipp } from './support/with-sipp.ts';

const loopback = '127.0.0.1';
const suite = callsSuite();
const peers = suite.peers;

/** Points the trunk at `network`, the sipp UAS behind it; applies to the next call. */
async function trunkTo(network: SippUas): Promise<void> {
  await suite.ringroute.request('PATCH', `/v1/trunks/${suite.trunkId}`, { port: network.port });
}

async function trunkRate(maxCallsPerSecond: number): Promise<void> {
  await suite.ringroute.request('PATCH', `/v1/trunks/${suite.trunkId}`, { maxCallsPerSecond });
}

/** Sends `count` datagrams of garbage to ringroute's SIP port, a batch every 20 ms, from a Node socket. */
async function flood(port: number, count: number): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
  const invite = [
    `INVITE sip:+31201234567@${loopback}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${loopback}:9;branch=z9hG4bK-flood`,
    'From: <sip:0201112222@127.0.0.1>;tag=flood',
    `To: <sip:+31201234567@${loopback}>`,
    'Call-ID: flood@127.0.0.1',
    'CSeq: 1 INVITE',
    'Content-Length: 120',
    '',
    'v=0',
  ].join('\r\n');
  const garbage = (i: number): Buffer =>
    i % 2 === 0
      ? randomBytes(1 + (i % 1_200))
      : // A truncated INVITE: cut anywhere, so the start line, a header or the body is incomplete.
        Buffer.from(invite.slice(0, 1 + ((i * 37) % invite.length)));
  try {
    for (let sent = 0; sent < count; sent += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - sent) }, (_, k) => new Promise<void>((resolve) => socket.send(garbage(sent + k), port, loopback, () => resolve()))),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

describeWithSipp('caller ID and safety, through ringroute serve', () => {
  it.each([
    ['national, as a Dutch carrier sends it', '<sip:0201112222@127.0.0.1>'],
    ['international with visual separators (RFC 3966)', '<sip:+31-20-111-2222@127.0.0.1;user=phone>'],
  ])('a leg to a phone number leaves through the trunk with the caller in E.164 in From and P-Asserted-Identity: %s', async (_format, from) => {
    const network = await peers.start('caller-id-check');
    await trunkTo(network);
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: '06 1234 5678', label: 'Mobile' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, from, pauseMs: 100 });
    const [networkRun] = await settle([network]);

    expectPassed(caller, 'caller');
    expectPassed(networkRun, 'phone network (checks Request-URI, From, P-Asserted-Identity)');
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', caller: { number: '+31201112222', kind: 'number' }, answeredBy: { destination: '+31612345678' } });
  });

  it('a withheld caller reaches the destination as "Anonymous" <sip:anonymous@anonymous.invalid> with Privacy: id', async () => {
    const network = await peers.start('caller-id-anonymous');
    await trunkTo(network);
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: '+31 6 1234 5678', label: 'Mobile' }] });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, from: '"Anonymous" <sip:anonymous@anonymous.invalid>', pauseMs: 100 });
    const [networkRun] = await settle([network]);

    expectPassed(caller, 'caller');
    expectPassed(networkRun, 'phone network (checks From and Privacy)');
    expect((await suite.ringroute.callAfter(before)).caller).toMatchObject({ kind: 'anonymous' });
  });

  it('country guard: a leg to the United Kingdom is never dialled, its refusal names GB, and the flow moves on to the Dutch mobile', async () => {
    // caller-id-check fails on any Request-URI but +31612345678, and it takes one call only.
    const network = await peers.start('caller-id-check');
    await trunkTo(network);
    await suite.ringroute.setDestinations(suite.business.id, {
      strategy: 'sequential',
      destinations: [
        // A London number (libphonenumber refuses the mobile drama range 07700 900xxx as a number).
        { to: '+44 20 7946 0958', label: 'London', ringSeconds: 5 },
        { to: '+31 6 1234 5678', label: 'Mobile', ringSeconds: 5 },
      ],
    });
    const before = await suite.ringroute.callCount();

    const caller = await runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, pauseMs: 100 });
    const [networkRun] = await settle([network]);

    expectPassed(caller, 'caller');
    expectPassed(networkRun, 'phone network');
    expect(networkRun.stats).toMatchObject({ incomingCalls: 1 });
    const record = await suite.ringroute.callAfter(before);
    expect(record).toMatchObject({ result: 'answered', answeredBy: { label: 'Mobile' } });
    const london = record.legs.find((leg) => leg.label === 'London');
    expect(london).toMatchObject({ result: 'refused', reason: expect.stringContaining('GB') });
  });

  it('an INVITE from a source no trunk covers (127.0.0.2) is challenged (401): only a registered phone with its credentials may call from there, and nothing rings', async () => {
    const before = await suite.ringroute.callCount();
    const caller = await runUac('call-expect-status', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, localIp: '127.0.0.2' });
    expectPassed(caller, 'stranger');
    expect(caller.logs).toEqual(['outcome 401']);
    expect(await suite.ringroute.callCount()).toBe(before);
  });

  it('rate limit: 20 calls at 50/s into a trunk allowed 2 a second get some 200 and some 503 with Retry-After, nothing else', async () => {
    const desk = await peers.start('answer', { calls: 20 });
    await trunkRate(2);
    try {
      await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });

      const caller = await runUac('call-or-503', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, calls: 20, rate: 50, pauseMs: 100 });

      // Every call ended one of the two accepted ways (anything else fails it).
      expectPassed(caller, 'caller');
      const answered = caller.logs.filter((line) => line === 'outcome 200').length;
      const refused = caller.logs.filter((line) => /^outcome 503 retry-after \d+$/.test(line)).length;
      expect(answered).toBeGreaterThanOrEqual(1);
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(answered + refused).toBe(20);
      expect(caller.stats).toMatchObject({ successfulCalls: 20, failedCalls: 0 });
    } finally {
      await trunkRate(100);
    }
  });

  it('2,000 malformed datagrams while 20 calls go through: every call succeeds and /healthz answers', async () => {
    const desk = await peers.start('answer', { calls: 20 });
    await suite.ringroute.setDestinations(suite.business.id, { strategy: 'simultaneous', destinations: [{ to: desk.uri('desk'), label: 'Desk' }] });

    const [caller] = await Promise.all([
      runUac('call', { port: suite.ringroute.sipPort, service: suite.business.phoneNumber, calls: 20, rate: 10, pauseMs: 100 }),
      flood(suite.ringroute.sipPort, 2_000),
    ]);
    const [deskRun] = await settle([desk]);

    expectPassed(caller, 'caller');
    expect(caller.stats).toMatchObject({ successfulCalls: 20, failedCalls: 0 });
    expectPassed(deskRun, 'desk');
    const health = await fetch(`${suite.ringroute.server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
