import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/cli/config.ts';
import { serve, type RunningServer } from '../../src/cli/serve.ts';
import type { Address } from './call-rate-steps.ts';

/*
 * ringroute in this process, as `ringroute serve` runs it (SQLite in a temporary DATA_DIR, SIP on
 * UDP), configured over its REST API the way an admin would: one trunk the bench's sipp calls from,
 * one business number, one SIP URI destination.
 */

const adminToken = 'rr_bench_sip_calls_admin_token_0123456789';

export interface RingrouteUnderTest {
  readonly sip: Address;
  /** Whether the trunk took `maxCallsPerSecond` (null: the API refused the field; it was left out). */
  readonly trunkRateLimit: number | null;
  /** Post-dial delays (INVITE in → first INVITE out) in ms, one per call since start; null when call control is off. */
  postDialDelaysMs(): readonly number[] | null;
  stop(): Promise<void>;
}

export interface RingrouteSetup {
  readonly host: string;
  /** The number the trunk dials, E.164. */
  readonly number: string;
  /** The one destination: the sipp UAS. */
  readonly destination: Address;
  /** Per-trunk call rate limit to ask for, high enough not to be what is measured. */
  readonly maxCallsPerSecond: number;
}

export class RingrouteSetupError extends Error {
  readonly code = 'ringroute_setup_failed';
  constructor(message: string) {
    super(message);
    this.name = 'RingrouteSetupError';
  }
}

export async function startRingroute(setup: RingrouteSetup): Promise<RingrouteUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ringroute-bench-data-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SIP_ADDR: `${setup.host}:0`,
    HTTP_ADDR: `${setup.host}:0`,
    LOG_LEVEL: 'silent',
    RINGROUTE_BOOTSTRAP_TOKEN: adminToken,
    RINGROUTE_COUNTRY: 'NL',
    RINGROUTE_ORG_NAME: 'Bench BV',
  });
  let server: RunningServer;
  try {
    server = await serve(config, () => undefined);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const stop = async (): Promise<void> => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (server.sip === null) throw new RingrouteSetupError('ringroute started without SIP');
    const sip = server.sip;
    const call = (method: string, path: string, body: unknown): Promise<Response> =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const expectOk = async (response: Response, what: string): Promise<unknown> => {
      const body: unknown = await response.json();
      if (!response.ok) throw new RingrouteSetupError(`${what} answered ${response.status}: ${JSON.stringify(body)}`);
      return body;
    };

    const trunk = {
      name: 'Bench carrier',
      host: setup.host,
      port: 5060,
      transport: 'udp',
      sourceAddresses: [`${setup.host}/32`],
    };
    let trunkRateLimit: number | null = setup.maxCallsPerSecond;
    const limited = await call('POST', '/v1/trunks', { ...trunk, maxCallsPerSecond: setup.maxCallsPerSecond });
    if (limited.status === 400) {
      // The field is newer than some trees this bench runs on: without it the default limit applies.
      await limited.body?.cancel();
      trunkRateLimit = null;
      await expectOk(await call('POST', '/v1/trunks', trunk), 'POST /v1/trunks');
    } else {
      await expectOk(limited, 'POST /v1/trunks');
    }
    const number = await expectOk(await call('POST', '/v1/numbers', { phoneNumber: setup.number, label: 'Bench' }), 'POST /v1/numbers');
    const id = typeof number === 'object' && number !== null ? (number as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') throw new RingrouteSetupError(`POST /v1/numbers gave no id: ${JSON.stringify(number)}`);
    await expectOk(
      await call('PUT', `/v1/numbers/${id}/destinations`, {
        strategy: 'simultaneous',
        destinations: [{ to: `sip:uas@${setup.destination.host}:${setup.destination.port}`, label: 'sipp uas' }],
      }),
      'PUT destinations',
    );
    return {
      sip: { host: sip.host, port: sip.port },
      trunkRateLimit,
      postDialDelaysMs: () => server.calls?.postDialDelaysMs() ?? null,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
