import { afterEach, expect } from 'vitest';
import { explain, runUac, SippUas, type PeerRun, type UacOptions, type UacScenario, type UasOptions, type UasScenario } from './sipp-peer.ts';

/** How a uac scenario and a uas scenario ended when run against each other with nothing between. */
export interface PairRun {
  readonly uas: PeerRun;
  readonly uac: PeerRun;
}

/**
 * For the files that check scenario pairs sipp against sipp: registers an afterEach that stops the
 * UASes a test left, and returns `pair` (run a uac scenario straight at a uas scenario).
 */
export function scenarioPairs(): (uasScenario: UasScenario, uacScenario: UacScenario, options?: { uas?: UasOptions; uac?: Partial<UacOptions> }) => Promise<PairRun> {
  const peers: SippUas[] = [];
  afterEach(async () => {
    for (const peer of peers.splice(0)) await peer.stop();
  });
  return async (uasScenario, uacScenario, options = {}) => {
    const uas = await SippUas.start(uasScenario, { timeoutSeconds: 8, ...options.uas });
    peers.push(uas);
    const uac = await runUac(uacScenario, { service: '+31201234567', timeoutSeconds: 8, ...options.uac, port: uas.port });
    // A uas whose call failed stays up until its timeout; it has nothing more to say by now.
    return { uac, uas: uac.exitCode === 0 ? await uas.finished() : await uas.stop() };
  };
}

/** Both ends completed `calls` calls, none failed. */
export function expectBothPassed({ uas, uac }: PairRun, calls = 1): void {
  expect(uac.exitCode, `uac: ${explain(uac)}`).toBe(0);
  expect(uas.exitCode, `uas: ${explain(uas)}`).toBe(0);
  expect(uac.stats).toMatchObject({ successfulCalls: calls, failedCalls: 0 });
  expect(uas.stats).toMatchObject({ successfulCalls: calls, failedCalls: 0 });
}
