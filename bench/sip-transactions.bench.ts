/**
 * SIP transaction throughput over real sockets on loopback. Run alone:
 *
 *   node --import tsx bench/sip-transactions.bench.ts
 *
 * 1. Non-INVITE transactions per second between two of our TransactionLayers in this one process,
 *    each on its own SipTransport over UDP 127.0.0.1: the client keeps N OPTIONS transactions in
 *    flight, the server (the interop tests' TinyUas) answers each 200 (RFC 3261 §11.2). A
 *    transaction counts when its 200 reaches the client TU (§17.1.2.2, Completed).
 * 2. When sipp is installed: sipp's stock `-sn uac` at fixed call rates against the TinyUas
 *    (INVITE, 100, 180, 200, ACK, BYE, 200 per call), reporting successful calls per second.
 *
 * Prints markdown tables; takes about 30 seconds. Both ends share the machine's two cores, so the
 * figures are for the whole loop, not one side. Completed transactions linger for Timers J and K
 * (§17.1.2.2, §17.2.2) on the real clock, so the process exits explicitly at the end.
 */
import { randomBytes } from 'node:crypto';
import {
  createRequest,
  nameAddr,
  SipTransport,
  sipUri,
  TransactionLayer,
  via,
  type ServerTransaction,
  type SipRequest,
  type TransactionUser,
  type TransportAddress,
} from '../src/sip/index.ts';
import { runSipp, sippInstalled } from '../test/sip/interop/support/sipp-process.ts';
import { freePort } from '../test/sip/interop/support/free-port.ts';
import { TinyUas } from '../test/sip/interop/support/tiny-uas.ts';
import { formatCount, percentile } from './support/measure.ts';

const host = '127.0.0.1';
const runMs = 3_000;
const warmUpMs = 500;
const concurrencies = [1, 16, 64];

/** The client side answers nothing: it only starts transactions. */
const silentUser: TransactionUser = { onRequest: (_transaction: ServerTransaction) => undefined };

let sequence = 0;
function options(clientPort: number): SipRequest {
  sequence++;
  return createRequest({
    method: 'OPTIONS',
    uri: sipUri({ user: 'bench', host }),
    // §8.1.1.7: each transaction needs its own branch.
    via: via({ transport: 'UDP', host, port: clientPort, branch: `z9hG4bK${randomBytes(6).toString('hex')}${sequence}` }),
    from: nameAddr(sipUri({ user: 'client', host }), { params: new Map([['tag', `t${sequence}`]]) }),
    to: nameAddr(sipUri({ user: 'bench', host })),
    callId: `bench-${sequence}@${host}`,
    cseq: 1,
  });
}

interface LoopResult {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

/** Keeps `concurrency` OPTIONS transactions in flight for `durationMs`; returns what completed. */
function optionsLoop(layer: TransactionLayer, clientPort: number, target: TransportAddress, concurrency: number, durationMs: number): Promise<LoopResult> {
  return new Promise((resolve) => {
    const latencies: number[] = [];
    let failures = 0;
    let inFlight = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(durationMs) * 1_000_000n;
    let stopped = false;
    const finish = (): void => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve({ perSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failures });
    };
    const launch = (): void => {
      if (process.hrtime.bigint() >= end) {
        stopped = true;
        if (inFlight === 0) finish();
        return;
      }
      inFlight++;
      const sent = process.hrtime.bigint();
      let done = false;
      const settle = (ok: boolean): void => {
        if (done) return;
        done = true;
        inFlight--;
        if (ok) latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        else failures++;
        if (stopped) {
          if (inFlight === 0) finish();
        } else launch();
      };
      layer.sendRequest(options(clientPort), target, {
        onResponse: (response) => {
          if (response.status >= 200) settle(response.status === 200);
        },
        onFailure: () => settle(false),
      });
    };
    for (let i = 0; i < concurrency; i++) launch();
  });
}

/** One row: a fresh client and server pair, so transactions still held from an earlier row (Timer
 * J keeps each server transaction 64·T1 = 32 s on UDP) do not weigh on this one. */
async function transactionRow(concurrency: number): Promise<string[]> {
  const server = await TinyUas.start({ host });
  const transport = new SipTransport();
  const layer = new TransactionLayer({ transport, user: silentUser });
  const { port } = await transport.listen({ host, port: 0 });
  const target: TransportAddress = { transport: 'udp', address: host, port: server.port };
  await optionsLoop(layer, port, target, concurrency, warmUpMs);
  const result = await optionsLoop(layer, port, target, concurrency, runMs);
  const held = server.liveTransactions;
  await transport.close();
  await server.close();
  return [String(concurrency), formatCount(result.perSecond), result.p50Ms.toFixed(2), result.p99Ms.toFixed(2), String(result.failures), formatCount(held)];
}

async function transactionRows(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const concurrency of concurrencies) rows.push(await transactionRow(concurrency));
  return rows;
}

async function sippRows(): Promise<string[][]> {
  const rows: string[][] = [];
  for (const [rate, calls] of [
    [50, 250],
    [200, 1_000],
    [500, 2_000],
  ] as const) {
    const server = await TinyUas.start({ host });
    const started = Date.now();
    const run = await runSipp({
      args: [`${host}:${server.port}`, '-sn', 'uac', '-t', 'u1', '-i', host, '-p', String(await freePort(host)), '-r', String(rate), '-m', String(calls), '-d', '0', '-timeout', '20s'],
      killAfterMs: 25_000,
    });
    const seconds = (Date.now() - started) / 1_000;
    await server.close();
    const stats = run.stats;
    rows.push([
      String(rate),
      String(calls),
      String(stats?.successfulCalls ?? 'n/a'),
      String(stats?.failedCalls ?? 'n/a'),
      String(stats?.retransmissions ?? 'n/a'),
      ((stats?.successfulCalls ?? 0) / seconds).toFixed(1),
      String(server.completedCalls),
      String(run.exitCode),
    ]);
  }
  return rows;
}

const table = (header: string[], rows: string[][]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

console.log(`\nSIP transactions over UDP loopback — Node ${process.version}, ${runMs} ms per row after ${warmUpMs} ms warm-up\n`);
console.log(table(['concurrent OPTIONS', 'transactions/s', 'p50 ms', 'p99 ms', 'failed', 'server transactions held at the end (Timer J)'], await transactionRows()));
if (sippInstalled()) {
  console.log('\nsipp -sn uac (UDP) against the TinyUas — calls/s counts sipp successes over wall time, sipp start-up included\n');
  console.log(table(['target calls/s (-r)', 'calls (-m)', 'successful', 'failed', 'sipp retransmissions', 'successful calls/s', 'UAS completed', 'sipp exit'], await sippRows()));
} else {
  console.log('\nsipp not installed (apt-get install sip-tester): sipp rows skipped');
}
process.exit(0);
