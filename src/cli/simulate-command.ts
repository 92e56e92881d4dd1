import { Value } from '@sinclair/typebox/value';
import { LiveRouting } from '../api/live-routing.ts';
import { registerFormats } from '../api/schemas/formats.ts';
import { SimulateRequest, type SimulateRequestBody } from '../api/schemas/simulate.ts';
import { ValidationError } from '../domain/errors.ts';
import { runSimulation } from '../api/simulation.ts';
import type { Config } from './config.ts';
import { openConfiguredStore } from './open.ts';

export type SimulationOutput = Awaited<ReturnType<typeof runSimulation>>;

/** `ringroute simulate`: the same simulation as POST /v1/calls/simulate, on the local database. */
export async function simulateCommand(config: Config, input: unknown): Promise<SimulationOutput> {
  // The same schema as POST /v1/calls/simulate checks the command line's input.
  registerFormats();
  const issues = [...Value.Errors(SimulateRequest, input)].map((e) => ({ field: e.path, code: 'invalid', message: e.message }));
  if (issues.length > 0) throw new ValidationError(issues);
  const request = input as SimulateRequestBody;
  const { store } = await openConfiguredStore(config);
  try {
    const live = await LiveRouting.follow(store);
    return await runSimulation(store, live.current(), { organizationId: null, country: config.defaultCountry }, request, new Date());
  } finally {
    await store.close();
  }
}

/** The simulation as a person reads it in a terminal. */
export function formatSimulation(result: SimulationOutput): string {
  const lines: string[] = [];
  const name = result.number.label ? `${result.number.phoneNumber} (${result.number.label})` : result.number.phoneNumber;
  lines.push(`Call from ${result.from} to ${name} at ${result.at}`, '');
  for (const entry of result.timeline) {
    const who = entry.destination ? `${entry.destination}${entry.label ? ` (${entry.label})` : ''}` : '';
    const why = entry.reason ? ` — ${entry.reason}` : '';
    lines.push(`  ${entry.atSeconds.toFixed(1).padStart(6)}s  ${[entry.event.padEnd(13), who, why.trim()].filter(Boolean).join(' ')}`.trimEnd());
  }
  const o = result.outcome;
  lines.push('');
  switch (o.result) {
    case 'answered':
      lines.push(`Outcome: answered by ${o.destination ?? o.legId ?? '?'}${o.label ? ` (${o.label})` : ''} after ${o.atSeconds} s`);
      break;
    case 'callerHungUp':
      lines.push(`Outcome: the caller hung up after ${o.atSeconds} s`);
      break;
    default:
      lines.push(`Outcome: ${o.result}${o.status ? ` (SIP ${o.status}${o.reason ? ` ${o.reason}` : ''})` : ''} after ${o.atSeconds} s`);
  }
  lines.push('', 'Why:');
  for (const t of result.trace) lines.push(`  ${t.atSeconds.toFixed(1).padStart(6)}s  ${t.message}`);
  return lines.join('\n');
}
