import { ringToKey } from '../domain/ring-to.ts';
import { destinationKey, parseDestination, parseUserDestination } from '../domain/destination.ts';
import { AppError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { BusinessNumber } from '../domain/business-number.ts';
import type { Flow, RingDestination, Target } from '../domain/flow.ts';
import { childTargets, flowRoots, numberReferences } from '../domain/flow-walk.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { Queue } from '../domain/queue.ts';
import type { Roster } from '../domain/roster.ts';
import { looksLikeE164, parsePhoneNumber, type Country, type E164 } from '../domain/phone-number.ts';
import { simulate, type Behaviour, type CallerId, type RoutingSnapshot } from '../routing/index.ts';
import type { ReadRepositories } from '../store/store.ts';
import { Value } from '@sinclair/typebox/value';
import { SimulationResult, type SimulateRequestBody, type SimulationResultBody } from './schemas/simulate.ts';
import { readQueueScripts } from './simulated-queues.ts';
import { presentVirtualExtension } from './virtual-extension-presenter.ts';
import { shownAs } from './live-dial-plan.ts';
import { presentRangeCaller } from '../dialplan/index.ts';
import type { CallerShownAs } from '../domain/call-record.ts';
import { dialPlanDefaults } from '../domain/dial-plan.ts';

export interface SimulationScope {
  /** Only this organization's numbers may be simulated; null = any (the command line, on the local database). */
  readonly organizationId: OrganizationId | null;
  /** How numbers typed without a country code are read. */
  readonly country: Country | null;
}

/**
 * Runs "what happens if this caller calls this number at this time" on the given snapshot — the same
 * engine, the same compiled configuration as a live call. Shared by the REST API and `ringroute simulate`.
 */
export async function runSimulation(reads: ReadRepositories, snapshot: RoutingSnapshot, scope: SimulationScope, input: SimulateRequestBody, now: Date) {
  const to = parsePhoneNumber(input.to, scope.country);
  if (!to.ok) throw new ValidationError([{ field: '/to', code: to.code, message: to.message }]);
  const number = await reads.numbers.findByPhoneNumber(to.e164);
  if (!number || (scope.organizationId !== null && number.organizationId !== scope.organizationId)) {
    throw new AppError('not_found', `${to.e164} is not one of ${scope.organizationId ? "this organization's" : 'the'} numbers`);
  }
  const organization = await reads.organizations.get(number.organizationId);
  const country = organization?.country ?? scope.country;

  const caller = readCaller(input.from, country);
  // A caller whose number is one of the organization's virtual extensions is shown by its name and ESN.
  const presentation = caller.kind === 'number' ? await presentationOf(reads, number.organizationId, caller.e164) : null;
  const from: CallerId =
    caller.kind === 'number' && presentation
      ? { ...caller, presentedAs: { displayName: presentation.displayName, esn: presentation.esn, ...(presentation.rangeId ? { inRange: true } : {}) } }
      : caller;
  const at = input.at ? new Date(input.at) : now;
  const [rosters, siblings, queues] = await Promise.all([
    reads.rosters.listAll(number.organizationId),
    reads.numbers.listAll(number.organizationId),
    reads.queues.listAll(number.organizationId),
  ]);
  const destinations = withRosterMembers(reachableTargets(number.flow, siblings).flatMap((target) => allDestinations(target, queues)), rosters);
  const behaviours = readBehaviours(input.behaviour ?? {}, destinations, country);

  const scripts = input.queues ? readQueueScripts(input.queues, queues, country) : undefined;
  const digits = input.digits === undefined ? undefined : typeof input.digits === 'string' ? [input.digits] : input.digits;

  const result = simulate(snapshot, {
    facts: { to: to.e164, from, at: at.getTime(), via: 'simulator' },
    behaviourFor: (leg) => behaviours.get(destinationKey(leg.destination)) ?? (leg.label ? behaviours.get(labelKey(leg.label)) : undefined) ?? 'noAnswer',
    ...(input.callerHangsUpAfterSeconds !== undefined ? { callerHangsUpAfterSeconds: input.callerHangsUpAfterSeconds } : {}),
    ...(digits ? { digits } : {}),
    ...(scripts ? { queues: scripts } : {}),
  });
  // Exactly the documented shape, whoever asks (API or command line): the schema is the contract.
  return Value.Clean(SimulationResult, {
    number: { id: number.id, phoneNumber: number.phoneNumber, label: number.label },
    from: from.kind === 'number' ? from.e164 : 'anonymous',
    ...(presentation ? { presentedAs: presentation } : {}),
    at: at.toISOString(),
    ...structuredClone(result),
  }) as SimulationResultBody;
}

/**
 * The virtual extension whose number the caller is, shown by name and ESN: one indexed look-up by phone
 * number (unique per organization), rather than compiling the organization's whole dial plan. Failing
 * that, the range the number falls in (ranges are few), shown by the range's name.
 */
async function presentationOf(reads: ReadRepositories, organizationId: OrganizationId, e164: E164): Promise<CallerShownAs | null> {
  const [found] = (await reads.virtualExtensions.list(organizationId, { phoneNumber: e164, limit: 1, offset: 0 })).items;
  if (found) {
    const shown = presentVirtualExtension(found);
    return { displayName: shown.displayName, esn: shown.esn, virtualExtensionId: shown.id };
  }
  const ranges = await reads.virtualExtensionRanges.listAll(organizationId);
  if (!ranges.some((range) => e164.startsWith(range.prefix))) return null;
  const [settings, locations] = await Promise.all([reads.dialPlanSettings.get(organizationId), reads.locations.listAll(organizationId)]);
  const prefixes = new Map(locations.map((location) => [location.id, location.routingPrefix]));
  const inRange = presentRangeCaller(ranges, (id) => prefixes.get(id), (settings ?? dialPlanDefaults).extensionLength, e164);
  return inRange ? shownAs(inRange) : null;
}

function readCaller(raw: string | undefined, country: Country | null): CallerId {
  if (raw === undefined || /^\s*(anonymous|withheld|private)\s*$/i.test(raw)) return { kind: 'anonymous' };
  const parsed = parsePhoneNumber(raw, country);
  // Call control keeps a caller in E.164 shape that the number plan does not know (a fictional or new
  // range) as it came; the simulator does the same, so such a caller can be simulated and filtered.
  const compact = raw.replace(/[\s().-]/g, '');
  if (!parsed.ok && looksLikeE164(compact)) return { kind: 'number', e164: compact as E164 };
  if (!parsed.ok) {
    throw new ValidationError([{ field: '/from', code: parsed.code, message: `${parsed.message} (or write "anonymous")` }]);
  }
  return { kind: 'number', e164: parsed.e164 };
}

const labelKey = (label: string) => `label:${label.trim().toLowerCase()}`;

/** Resolves each behaviour key to a destination of the number's flow: by phone number / SIP URI, else by label. */
function readBehaviours(input: Record<string, Behaviour>, destinations: readonly RingDestination[], country: Country | null): Map<string, Behaviour> {
  const byKey = new Set(destinations.map((d) => ringToKey(d.to)));
  const byLabel = new Set(destinations.flatMap((d) => (d.label ? [labelKey(d.label)] : [])));
  const result = new Map<string, Behaviour>();
  const issues: FieldIssue[] = [];
  for (const [key, behaviour] of Object.entries(input)) {
    // `user:usr_…` names a user destination; anything else a phone number or SIP URI.
    const parsed = parseUserDestination(key) ?? parseDestination(key, country);
    if (parsed.ok && byKey.has(destinationKey(parsed.destination))) {
      result.set(destinationKey(parsed.destination), behaviour);
    } else if (byLabel.has(labelKey(key))) {
      result.set(labelKey(key), behaviour);
    } else {
      const known = destinations.map((d) => (d.label ? `${ringToKey(d.to)} (${d.label})` : ringToKey(d.to)));
      issues.push({
        field: `/behaviour/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        code: 'unknown_destination',
        message: `is not a destination of this number; its destinations are: ${known.join(', ') || 'none'}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return result;
}

/**
 * A roster in a ring stands for its members (and any stand-in of its overrides): behaviour may be given
 * for them by number, SIP URI or label, since whoever is on call is the one who rings.
 */
function withRosterMembers(destinations: readonly RingDestination[], rosters: readonly Roster[]): RingDestination[] {
  const byId = new Map(rosters.map((roster) => [roster.id as string, roster]));
  return destinations.flatMap((d) => {
    if (d.to.kind !== 'roster') return [d];
    const roster = byId.get(d.to.rosterId);
    if (!roster) return [d];
    const people = [
      ...roster.members,
      ...roster.overrides.flatMap((o) => (o.onCall.kind === 'destination' ? [{ destination: o.onCall.destination, ...(o.onCall.label !== undefined ? { label: o.onCall.label } : {}) }] : [])),
    ];
    return [d, ...people.map((p) => ({ ...d, to: p.destination, ...(p.label !== undefined ? { label: p.label } : {}) }))];
  });
}

/** The targets of this flow and of every number's flow its `number` targets lead to. */
function reachableTargets(flow: Flow, numbers: readonly BusinessNumber[]): Target[] {
  const byId = new Map(numbers.map((n) => [n.id as string, n.flow]));
  const seen = new Set<string>();
  const result: Target[] = [];
  const visit = (current: Flow): void => {
    result.push(...flowRoots(current).map((root) => root.target));
    for (const { numberId } of numberReferences(current)) {
      const next = byId.get(numberId);
      if (next && !seen.has(numberId)) {
        seen.add(numberId);
        visit(next);
      }
    }
  };
  visit(flow);
  return result;
}

/**
 * Everything `target` may ring, at any depth (a ring behind a menu key, an announcement or a queue's
 * overflow counts): ring destinations, and the members of the queues it sends calls to.
 */
function allDestinations(target: Target, queues: readonly Queue[]): RingDestination[] {
  const own: RingDestination[] = target.type === 'ring' ? [...target.destinations] : target.type === 'queue' ? queueMembers(target.queueId, queues) : [];
  return [...own, ...childTargets(target).flatMap((child) => allDestinations(child.target, queues))];
}

/** A queue's members as the destinations it rings, each for the queue's ring time. */
function queueMembers(queueId: string, queues: readonly Queue[]): RingDestination[] {
  const queue = queues.find((q) => q.id === queueId);
  if (!queue) return [];
  return queue.members.map((member) => ({
    to: member.destination,
    ...(member.label !== undefined ? { label: member.label } : {}),
    delaySeconds: 0,
    ringSeconds: queue.ringSeconds,
  }));
}
