import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, killAll, printedToken, runCli, startServer, temporaryDataDir, type CliRun } from './support/ringroute-process.ts';

/*
 * `ringroute simulate` runs on the local database what POST /v1/calls/simulate runs in the server. One
 * server run sets up a number with two destinations and records the API's answer; the command line,
 * on the same DATA_DIR after the server stopped, must give the same answer.
 */

const call = { to: '+31 20 123 4567', from: '+31 6 1111 2222', at: '2026-11-23T10:00:00Z', behaviour: { Office: 'busy' } } as const;
const callArgs = ['--to', call.to, '--from', call.from, '--at', call.at, '--behaviour', JSON.stringify(call.behaviour)];

interface Simulation {
  readonly number: unknown;
  readonly from: string;
  readonly at: string;
  readonly outcome: { readonly result: string };
  readonly timeline: ReadonlyArray<{ readonly event: string; readonly label?: string }>;
  readonly trace: ReadonlyArray<{ readonly atSeconds: number; readonly code: string; readonly message: string }>;
}

/** Each entry of `entries` cut down to the fields its counterpart in `published` has (same length kept). */
function fieldsOf(entries: readonly object[], published: readonly object[]): object[] {
  return entries.map((entry, i) => {
    const keys = Object.keys(published[i] ?? entry);
    return Object.fromEntries(keys.map((key) => [key, (entry as Record<string, unknown>)[key]]));
  });
}

const dir = temporaryDataDir();
let fromApi: unknown;

/** Each command line is run once and its result shared by the tests that look at it. */
const runs = new Map<string, Promise<CliRun>>();
function simulateOnce(args: readonly string[]): Promise<CliRun> {
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (!run) {
    run = runCli(['simulate', ...args], { DATA_DIR: dir.path });
    runs.set(key, run);
  }
  return run;
}

beforeAll(async () => {
  try {
    // A Dutch organization: the destinations are Dutch numbers, which the toll-fraud guard allows only there.
    const server = await startServer({ DATA_DIR: dir.path, RINGROUTE_COUNTRY: 'NL' });
    const token = printedToken(server.stdout())!;
    const number = await api(server, token, 'POST', '/v1/numbers', { phoneNumber: call.to, label: 'Main line' });
    expect(number.status).toBe(201);
    const id = (number.body as { id: string }).id;
    const destinations = await api(server, token, 'PUT', `/v1/numbers/${id}/destinations`, {
      strategy: 'sequential',
      destinations: [
        { to: '+31 20 765 4321', label: 'Office' },
        { to: '+31 6 1234 5678', label: 'Mobile' },
      ],
    });
    expect(destinations.status).toBe(200);
    const simulated = await api(server, token, 'POST', '/v1/calls/simulate', call);
    expect(simulated.status).toBe(200);
    fromApi = simulated.body;
    expect((await server.stop()).code).toBe(0);
  } finally {
    await killAll();
  }
});

afterAll(async () => {
  await killAll();
  dir.remove();
});

describe('ringroute simulate', () => {
  it('--json prints the same call as POST /v1/calls/simulate: outcome, timeline and trace', async () => {
    const run = await simulateOnce([...callArgs, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const fromCli = JSON.parse(run.stdout) as Simulation;
    const api = fromApi as Simulation;
    expect(fromCli.number).toEqual(api.number);
    expect(fromCli.from).toBe(api.from);
    expect(fromCli.at).toBe(api.at);
    expect(fromCli.outcome).toEqual(api.outcome);
    // Timeline and trace entry by entry, on the fields the API publishes (see the known bug below for the rest).
    expect(fieldsOf(fromCli.timeline, api.timeline)).toEqual(api.timeline);
    expect(fieldsOf(fromCli.trace, api.trace)).toEqual(api.trace);

    // Guard against both sides agreeing on nothing: Office was busy, Mobile rang, and the trace says why.
    expect(api.timeline).toContainEqual(expect.objectContaining({ event: 'busy', label: 'Office' }));
    expect(api.timeline).toContainEqual(expect.objectContaining({ event: 'ringing', label: 'Mobile' }));
    expect(api.trace.length).toBeGreaterThan(0);
  });

  /*
   * The command line and the API must print one and the same document (both go through the schema).
   */
  it('--json prints exactly the document POST /v1/calls/simulate returns', async () => {
    const run = await simulateOnce([...callArgs, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(fromApi);
  });

  it('prints a readable timeline without --json: who was busy, what Mobile did, the outcome and why', async () => {
    const json = fromApi as Simulation;
    const run = await simulateOnce(callArgs);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Call from +31611112222 to +31201234567 (Main line) at 2026-11-23T10:00:00.000Z');
    expect(lines).toContainEqual(expect.stringMatching(/\bbusy\b.*\+31207654321 \(Office\)/));
    // Mobile was not told how to behave, so it rings and does not answer, whatever the engine's last word is.
    const mobileEnd = json.timeline.filter((e) => e.label === 'Mobile').at(-1)!.event;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`\\b${mobileEnd}\\b.*\\+31612345678 \\(Mobile\\)`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Outcome: ${json.outcome.result}\\b`)));
    expect(lines).toContain('Why:');
  });

  it('fails with one line on stderr for a number that is not one of ours', async () => {
    const run = await simulateOnce(['--to', '+31 20 999 9999', '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('+31209999999');
  });

  it('names the unknown destination in --behaviour and lists the real ones, on one line', async () => {
    const run = await simulateOnce(['--to', call.to, '--behaviour', '{"Nobody":"busy"}']);
    expect(run.code).not.toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/behaviour/Nobody');
    expect(lines[0]).toContain('+31207654321 (Office)');
    expect(lines[0]).toContain('+31612345678 (Mobile)');
  });

  /*
   * A validation problem is said once, not once as the summary and again as the field list.
   */
  it('says what is wrong with --behaviour once', async () => {
    const run = await simulateOnce(['--to', call.to, '--behaviour', '{"Nobody":"busy"}']);
    expect(run.stderr.split('/behaviour/Nobody')).toHaveLength(2);
  });
});
