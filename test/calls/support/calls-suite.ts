import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { CallLegRecord, CallRecord } from '../../../src/domain/call-record.ts';
import { freePort } from '../../sip/interop/support/free-port.ts';
import { ringrouteForCalls, type BusinessNumber, type CallsFixture } from './ringroute-for-calls.ts';
import { explain, UasPool, type PeerRun } from './sipp-peer.ts';

/** What a real-call test file shares: one `ringroute serve`, its trunk, one business number, the sipp peers. */
export interface CallsSuite {
  readonly ringroute: CallsFixture;
  readonly business: BusinessNumber;
  readonly trunkId: string;
  /** Destinations (sipp UASes) started by the tests; stopped after each test. */
  readonly peers: UasPool;
}

export interface CallsSuiteOptions {
  /** The business number's label. Default "Sales". */
  readonly label?: string;
  /** The trunk's name. Default "Carrier". */
  readonly trunkName?: string;
}

/**
 * Registers the hooks of a real-call test file: before all, a fresh `ringroute serve` (NL) with a
 * trunk for 127.0.0.1 (pointing at a free port: tests that ring phone numbers point it at their
 * sipp UAS) and the number +31 20 123 4567; after each test, leftover sipp peers stopped; after all,
 * the server stopped. Read the fields inside tests (they exist once `beforeAll` ran).
 */
export function callsSuite(options: CallsSuiteOptions = {}): CallsSuite {
  let ringroute: CallsFixture | undefined;
  let business: BusinessNumber | undefined;
  let trunkId: string | undefined;
  const peers = new UasPool();

  beforeAll(async () => {
    ringroute = await ringrouteForCalls();
    trunkId = await ringroute.createTrunk({ port: await freePort(), name: options.trunkName ?? 'Carrier' });
    business = await ringroute.createNumber('+31 20 123 4567', options.label ?? 'Sales');
  });
  afterEach(() => peers.stopAll());
  afterAll(async () => {
    await peers.stopAll();
    await ringroute?.stop();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`callsSuite: ${name} is not there yet (read it inside a test)`);
    return value;
  };
  return {
    get ringroute() {
      return ready(ringroute, 'ringroute');
    },
    get business() {
      return ready(business, 'business');
    },
    get trunkId() {
      return ready(trunkId, 'trunkId');
    },
    peers,
  };
}

/** A sipp peer ended with exit code 0 (every call as its scenario expects); otherwise say what it saw. */
export function expectPassed(run: PeerRun, who: string): void {
  expect(run.exitCode, `${who}: ${explain(run)}`).toBe(0);
}

/** The leg of a call record with this label; throws, listing the legs, when there is none. */
export function legOf(record: CallRecord, label: string): CallLegRecord {
  const leg = record.legs.find((candidate) => candidate.label === label);
  if (!leg) throw new Error(`no leg labelled ${label} in ${JSON.stringify(record.legs)}`);
  return leg;
}
