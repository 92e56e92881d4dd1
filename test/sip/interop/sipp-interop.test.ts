/**
 * Interop with sipp (Debian package `sip-tester`): its stock UAC and UAS scenarios against the tiny
 * UAS and UAC in ./support, built on our SipTransport and TransactionLayer, over real UDP and TCP
 * sockets on 127.0.0.1. sipp exits 0 only when every call of the run succeeded.
 *
 * Without sipp the tests are skipped, visibly; under CI (CI set) a missing sipp fails the run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TransportProtocol } from '../../../src/sip/index.ts';
import { freePort } from './support/free-port.ts';
import { waitForListener } from './support/port-wait.ts';
import { runSipp, sippInstalled, SippProcess, type SippRun } from './support/sipp-process.ts';
import { TinyUac } from './support/tiny-uac.ts';
import { TinyUas, type TinyUasOptions } from './support/tiny-uas.ts';

const host = '127.0.0.1';
const haveSipp = sippInstalled();
const mustHaveSipp = process.env.CI !== undefined && process.env.CI !== '';
const sippFlag = (protocol: TransportProtocol): string => (protocol === 'udp' ? 'u1' : 't1');

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function explain(run: SippRun): string {
  return `sipp exit ${String(run.exitCode)} (signal ${String(run.signal)})\n${run.output.slice(-2_000)}`;
}

async function uas(options: Omit<TinyUasOptions, 'host'> = {}): Promise<TinyUas> {
  const started = await TinyUas.start({ host, ...options });
  cleanups.push(() => started.close());
  return started;
}

/** sipp's stock UAC against our UAS: `calls` calls, each INVITE, ACK, a short hold, BYE. */
async function sippUac(target: TinyUas, protocol: TransportProtocol, calls: number, extra: readonly string[] = []): Promise<SippRun> {
  const args = [`${host}:${target.port}`, '-sn', 'uac', '-t', sippFlag(protocol), '-i', host, '-p', String(await freePort(host))];
  // -m: a bounded number of calls; -d: the hold before BYE; -timeout(_error): a stuck run fails.
  args.push('-m', String(calls), '-r', '10', '-d', '100', '-timeout', '10s', '-timeout_error', ...extra);
  return runSipp({ args, killAfterMs: 12_000 });
}

if (!haveSipp && !mustHaveSipp) {
  describe('sipp interop', () => {
    it.skip('needs sipp (apt-get install sip-tester): not installed, so these tests are skipped', () => {});
  });
} else {
  describe('sipp interop', () => {
    it('has sipp installed (required when CI is set)', () => {
      expect(haveSipp).toBe(true);
    });

    describe.each<TransportProtocol>(['udp', 'tcp'])('over %s', (protocol) => {
      it('completes sipp -sn uac calls against our UAS (INVITE/180/200/ACK/BYE, RFC 3261 §13, §15)', async () => {
        const server = await uas();
        const run = await sippUac(server, protocol, 3);
        expect(run.exitCode, explain(run)).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: 3, failedCalls: 0 });
        expect(server.completedCalls).toBe(3);
        for (const call of server.calls.values()) expect([call.invites, call.byes]).toEqual([1, 1]);
        expect(server.errors).toEqual([]);
      });

      it('places calls from our UAC to sipp -sn uas, ACKing the 2xx and ending each with BYE', async () => {
        const port = await freePort(host);
        const sipp = await SippProcess.start({
          args: ['-sn', 'uas', '-t', sippFlag(protocol), '-i', host, '-p', String(port), '-m', '3', '-timeout', '10s', '-timeout_error'],
          killAfterMs: 12_000,
        });
        cleanups.push(() => sipp.stop());
        await waitForListener(protocol, host, port);
        const client = await TinyUac.start(host);
        cleanups.push(() => client.close());
        for (let i = 0; i < 3; i++) {
          const result = await client.call({ transport: protocol, address: host, port }, { holdMs: 20 });
          expect(result.inviteStatuses).toContain(180);
          expect(result.inviteStatuses.filter((status) => status >= 200)).toEqual([200]);
          expect(result.byeStatuses).toEqual([200]);
          // §12.1.2: the ACK and BYE went to the Contact sipp put in its 200.
          expect(result.remoteTarget).toContain(`${host}:${port}`);
        }
        const run = await sipp.done;
        expect(run.exitCode, explain(run)).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: 3, failedCalls: 0 });
        expect(client.errors).toEqual([]);
      });
    });

    describe('retransmissions over UDP (RFC 3261 §17.2.1, §17.2.2)', () => {
      it('finishes the call once when the 200 to the INVITE comes after T1 (sipp hears our 100 and waits)', async () => {
        const server = await uas({ inviteAnswerDelayMs: 1_200 });
        const run = await sippUac(server, 'udp', 1);
        expect(run.exitCode, explain(run)).toBe(0);
        expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
        expect([...server.calls.values()].map((call) => [call.invites, call.byes, call.completed])).toEqual([[1, 1, true]]);
      });

      it('absorbs INVITE retransmissions into one server transaction when no 1xx gets through', async () => {
        // sipp retransmits the INVITE at T1 and 3·T1 (§17.1.1.2: A doubles); the 200 comes at 1.7 s.
        const server = await uas({ inviteAnswerDelayMs: 1_700, loseProvisionals: true });
        const run = await sippUac(server, 'udp', 1);
        expect(run.exitCode, explain(run)).toBe(0);
        expect(run.stats?.retransmissions).toBeGreaterThanOrEqual(2);
        expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
        expect([...server.calls.values()].map((call) => [call.invites, call.byes, call.completed])).toEqual([[1, 1, true]]);
      });

      it('absorbs BYE retransmissions when its 200 comes after T1: one BYE transaction, one call', async () => {
        const server = await uas({ byeAnswerDelayMs: 1_200 });
        const run = await sippUac(server, 'udp', 1);
        expect(run.exitCode, explain(run)).toBe(0);
        expect(run.stats?.retransmissions).toBeGreaterThan(0);
        expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
        expect([...server.calls.values()].map((call) => [call.invites, call.byes, call.completed])).toEqual([[1, 1, true]]);
      });
    });
  });
}
