import type { CallRecord } from '../../../src/domain/call-record.ts';
import { api, startServer, temporaryDataDir, type ServerProcess } from '../../cli/support/ringroute-process.ts';

/*
 * One real `ringroute serve` for a test file: a fresh DATA_DIR, a known admin token, SIP and HTTP on
 * free loopback ports, an organization in NL. Helpers configure it over the REST API, as an admin
 * would, and read back the call records it writes.
 */

/** The admin token's secret, given to the first start (RINGROUTE_BOOTSTRAP_TOKEN needs 24+ characters). */
const adminToken = 'rr_calls_test_admin_token_0123456789';
const loopback = '127.0.0.1';

export interface TrunkOptions {
  /** The port of the sipp UAS that plays the phone network behind the trunk. */
  readonly port: number;
  readonly name?: string;
  readonly maxCallsPerSecond?: number;
}

/** A destination as PUT /v1/numbers/{id}/destinations takes it. */
export interface DestinationInput {
  readonly to: string;
  readonly label?: string;
  readonly delaySeconds?: number;
  readonly ringSeconds?: number;
}

export interface DestinationsInput {
  readonly strategy: 'simultaneous' | 'sequential' | 'custom';
  readonly destinations: readonly DestinationInput[];
  readonly noAnswer?: unknown;
}

export interface BusinessNumber {
  readonly id: string;
  /** E.164, the user part a trunk puts in the Request-URI. */
  readonly phoneNumber: string;
}

export interface CallsFixture {
  readonly server: ServerProcess;
  readonly sipPort: number;
  readonly token: string;
  /** A JSON request with the admin token; throws on a status other than `expect` (default: any 2xx). */
  request(method: string, path: string, body?: unknown, expect?: number): Promise<unknown>;
  createTrunk(options: TrunkOptions): Promise<string>;
  createNumber(phoneNumber: string, label: string): Promise<BusinessNumber>;
  setDestinations(numberId: string, body: DestinationsInput): Promise<void>;
  /** How many call records exist now: take it before a call, then wait for the ones after it. */
  callCount(): Promise<number>;
  /** Waits (up to `timeoutMs`) until `count` records beyond `before` are written; returns them oldest first. */
  callsAfter(before: number, count?: number, timeoutMs?: number): Promise<CallRecord[]>;
  /** The one call record written after `before` (see callsAfter). */
  callAfter(before: number, timeoutMs?: number): Promise<CallRecord>;
  stop(): Promise<void>;
}

interface Page {
  readonly items: CallRecord[];
  readonly total: number;
}

function isPage(value: unknown): value is Page {
  return typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items) && typeof (value as { total?: unknown }).total === 'number';
}

function idOf(value: unknown): string {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  if (typeof id !== 'string') throw new Error(`expected a record with an id, got ${JSON.stringify(value)}`);
  return id;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function ringrouteForCalls(): Promise<CallsFixture> {
  const dataDir = temporaryDataDir();
  const server = await startServer({
    DATA_DIR: dataDir.path,
    SIP_ADDR: `${loopback}:0`,
    RINGROUTE_BOOTSTRAP_TOKEN: adminToken,
    RINGROUTE_COUNTRY: 'NL',
    RINGROUTE_ORG_NAME: 'Calls test BV',
    // sipp answers the first challenge only and knows only MD5, like many older phones.
    RINGROUTE_SIP_DIGEST: 'MD5',
  });
  const { sipPort } = server;
  if (sipPort === null) {
    await server.stop();
    dataDir.remove();
    throw new Error(`ringroute serve printed no SIP address:\n${server.stdout()}`);
  }

  const request = async (method: string, path: string, body?: unknown, expect?: number): Promise<unknown> => {
    const response = await api(server, adminToken, method, path, body);
    const ok = expect === undefined ? response.status >= 200 && response.status < 300 : response.status === expect;
    if (!ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const page = async (limit: number): Promise<Page> => {
    const body = await request('GET', `/v1/calls?limit=${limit}`);
    if (!isPage(body)) throw new Error(`GET /v1/calls gave no page: ${JSON.stringify(body)}`);
    return body;
  };

  const fixture: CallsFixture = {
    server,
    sipPort,
    token: adminToken,
    request,
    async createTrunk(options) {
      return idOf(
        await request('POST', '/v1/trunks', {
          name: options.name ?? `Carrier on ${options.port}`,
          host: loopback,
          port: options.port,
          transport: 'udp',
          sourceAddresses: [`${loopback}/32`],
          ...(options.maxCallsPerSecond === undefined ? {} : { maxCallsPerSecond: options.maxCallsPerSecond }),
        }),
      );
    },
    async createNumber(phoneNumber, label) {
      const body = await request('POST', '/v1/numbers', { phoneNumber, label });
      const e164 = (body as { phoneNumber?: unknown }).phoneNumber;
      if (typeof e164 !== 'string') throw new Error(`POST /v1/numbers gave no phoneNumber: ${JSON.stringify(body)}`);
      return { id: idOf(body), phoneNumber: e164 };
    },
    async setDestinations(numberId, body) {
      await request('PUT', `/v1/numbers/${numberId}/destinations`, body);
    },
    async callCount() {
      return (await page(1)).total;
    },
    async callsAfter(before, count = 1, timeoutMs = 5_000) {
      // Records are written in batches a moment after a call ends, so poll.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const latest = await page(Math.max(count, 1));
        if (latest.total >= before + count) return latest.items.slice(0, count).reverse();
        if (Date.now() > deadline) {
          const active = await request('GET', '/v1/calls/active');
          throw new Error(`expected ${count} call record(s) after ${before}, have ${latest.total} after ${timeoutMs} ms; active: ${JSON.stringify(active)}`);
        }
        await sleep(100);
      }
    },
    async callAfter(before, timeoutMs) {
      const [record] = await fixture.callsAfter(before, 1, timeoutMs);
      if (!record) throw new Error('no call record');
      return record;
    },
    async stop() {
      await server.stop();
      dataDir.remove();
    },
  };
  return fixture;
}
