import { describe, expect, it } from 'vitest';
import { callFilterFromInput } from '../../src/domain/call-filter-input.ts';
import type { CallFilter } from '../../src/domain/call-filter.ts';
import type { Flow } from '../../src/domain/flow.ts';
import type { OrganizationId, RosterId, ScheduleId } from '../../src/domain/ids.ts';
import type { Roster } from '../../src/domain/roster.ts';
import { rosterFromInput } from '../../src/domain/roster-input.ts';
import type { E164 } from '../../src/domain/phone-number.ts';
import type { Schedule } from '../../src/domain/schedule.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';
import { buildSnapshot, next, simulate, start, type Behaviour, type CallerId, type LegSpec, type SimulationResult } from '../../src/routing/index.ts';
import { businessNumber, destination, hangup, organization, ring } from './support/config-builders.ts';

/*
 * A number's flow beyond its ring: the call filters (organization first, then the number's) and the
 * schedule rules, decided by the pure engine from the call's instant and caller, with the reasons a
 * customer reads in the simulator.
 */

const line = '+31201234567';
const office = '+31301234567';
const mobile = '+31612345678';
const anna = '+31687654321';
const org = 'org_acme';

const officeHours: Schedule = {
  ...scheduleFromInput({
    name: 'Office hours',
    timeZone: 'Europe/Amsterdam',
    weekly: {
      mon: [{ from: '09:00', to: '17:30' }],
      tue: [{ from: '09:00', to: '17:30' }],
      wed: [{ from: '09:00', to: '17:30' }],
      thu: [{ from: '09:00', to: '17:30' }],
      fri: [{ from: '09:00', to: '17:30' }],
      sat: [],
      sun: [],
    },
    exceptions: [{ kind: 'date', date: '2026-12-24', name: 'Christmas Eve' }],
  }),
  id: 'sch_officehours0000000000000' as ScheduleId,
  organizationId: org as OrganizationId,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const afterHoursFlow: Flow = {
  rules: [{ name: 'Evenings and weekends', scheduleId: officeHours.id, when: 'closed', target: ring('simultaneous', [destination(mobile, { label: 'Mobile', ringSeconds: 15 })]) }],
  target: ring('sequential', [destination(office, { label: 'Office', ringSeconds: 10 })], hangup('busy')),
};

function snapshotWith(flow: Flow, orgFilter: CallFilter | null = null) {
  const number = { ...businessNumber(org, line, flow.target), flow };
  return buildSnapshot([{ organization: organization(org), numbers: [number], schedules: [officeHours], filter: orgFilter }]);
}

const callerNumber = (e164: string): CallerId => ({ kind: 'number', e164: e164 as E164 });

function simulated(flow: Flow, at: string, behaviours: Record<string, Behaviour> = {}, from: CallerId = callerNumber('+31611112222'), orgFilter: CallFilter | null = null): SimulationResult {
  return simulate(snapshotWith(flow, orgFilter), {
    facts: { to: line, from, at: Date.parse(at), via: 'simulator' },
    behaviourFor: (leg: LegSpec) => (leg.label ? behaviours[leg.label] : undefined) ?? 'noAnswer',
  });
}

const rang = (result: SimulationResult): string[] => result.timeline.filter((e) => e.event === 'ringing').map((e) => e.label ?? '');
const messages = (result: SimulationResult): string[] => result.trace.map((e) => e.message);

describe('schedule rules', () => {
  it('during opening hours the rule does not apply and the default target rings, saying why', () => {
    const result = simulated(afterHoursFlow, '2026-11-23T10:00:00+01:00', { Office: 'answer' });
    expect(rang(result)).toEqual(['Office']);
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Office' });
    const rule = result.trace.find((e) => e.code === 'rule.notMatched');
    expect(rule).toMatchObject({ rule: 'rules.0' });
    expect(rule?.message).toContain('"Evenings and weekends" does not apply (when closed): open: Monday 09:00–17:30');
  });

  it('in the evening the rule applies and its own target rings; its noAnswer is its own', () => {
    const result = simulated(afterHoursFlow, '2026-11-23T19:00:00+01:00');
    expect(rang(result)).toEqual(['Mobile']);
    expect(result.trace.find((e) => e.code === 'rule.matched')?.message).toContain('"Evenings and weekends" applies (when closed)');
    // The rule's ring ends in its own default hang-up (480), not the default target's busy (486).
    expect(result.outcome).toMatchObject({ result: 'noAnswer', status: 480 });
    expect(result.trace.find((e) => e.code === 'call.rejected')?.rule).toBe('rules.0.noAnswer');
  });

  it('on a holiday the rule applies and the trace names the holiday', () => {
    const result = simulated(afterHoursFlow, '2026-12-24T11:00:00+01:00', { Mobile: 'answer' });
    expect(rang(result)).toEqual(['Mobile']);
    expect(messages(result).join('\n')).toMatch(/Christmas Eve/);
  });

  it('a rule whose schedule is gone is skipped with a reason, and the call goes on', () => {
    const flow: Flow = { ...afterHoursFlow, rules: [{ scheduleId: 'sch_gone000000000000000000000' as ScheduleId, when: 'closed', target: hangup() }] };
    const result = simulated(flow, '2026-11-23T19:00:00+01:00', { Office: 'answer' });
    expect(rang(result)).toEqual(['Office']);
    expect(result.trace.find((e) => e.code === 'rule.scheduleMissing')?.message).toContain('no longer exists');
  });

  it('the live engine continues a rule\'s ring with next(): an answer on the rule\'s leg connects', () => {
    const snapshot = snapshotWith(afterHoursFlow);
    const first = start(snapshot, { to: line, from: callerNumber('+31611112222'), at: Date.parse('2026-11-28T12:00:00+01:00'), via: 'trunk' });
    const ringStep = first.steps.find((step) => step.type === 'ring');
    expect(ringStep?.type === 'ring' && ringStep.legs.map((leg) => leg.label)).toEqual(['Mobile']);
    expect(first.state.running?.path).toEqual(['rules', '0']);
    const legId = ringStep?.type === 'ring' ? ringStep.legs[0]!.legId : undefined;
    if (!legId) throw new Error('no leg');
    const answered = next(snapshot, first.state, { type: 'answered', legId });
    expect(answered.steps).toContainEqual({ type: 'connect', legId });
    expect(answered.state.phase).toBe('connected');
  });
});

describe('call filters', () => {
  const numberFilter = callFilterFromInput(
    {
      mode: 'block',
      entries: [
        { label: 'Pest', match: '+44 7700*', action: 'reject' },
        { label: 'Our biggest customer', match: '+31 6 5555 0000', action: { kind: 'reroute', target: ring('simultaneous', [destination(anna, { label: 'Anna' })]) } },
      ],
    },
    null,
  );
  const filtered: Flow = { ...afterHoursFlow, filter: numberFilter };

  it('a blocked caller is refused (603) before any rule or ring, and the trace names the entry', () => {
    const result = simulated(filtered, '2026-11-23T10:00:00+01:00', {}, callerNumber('+447700900123'));
    expect(rang(result)).toEqual([]);
    expect(result.outcome).toMatchObject({ result: 'rejected', status: 603 });
    const blocked = result.trace.find((e) => e.code === 'filter.blocked');
    expect(blocked?.rule).toBe('filter.0');
    expect(blocked?.message).toContain('+447700900123');
    expect(blocked?.message).toContain('+44 7700');
  });

  it('a rerouted caller goes straight to the entry\'s target, whatever the hour', () => {
    const result = simulated(filtered, '2026-11-23T19:00:00+01:00', { Anna: 'answer' }, callerNumber('+31655550000'));
    expect(rang(result)).toEqual(['Anna']);
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Anna' });
    expect(result.trace.find((e) => e.code === 'filter.rerouted')?.rule).toBe('filter.1');
  });

  it('a caller no entry matches passes, and the rules decide as usual', () => {
    const result = simulated(filtered, '2026-11-23T10:00:00+01:00', { Office: 'answer' });
    expect(rang(result)).toEqual(['Office']);
    expect(result.trace.find((e) => e.code === 'filter.passed')).toBeDefined();
  });

  it('the organization\'s filter applies first: its block wins over the number\'s reroute', () => {
    const orgFilter = callFilterFromInput({ mode: 'block', entries: [{ match: { kind: 'country', country: 'NL' }, action: 'busy' }] }, null);
    const result = simulated(filtered, '2026-11-23T10:00:00+01:00', {}, callerNumber('+31655550000'), orgFilter);
    expect(result.outcome).toMatchObject({ result: 'rejected', status: 486 });
    expect(result.trace.find((e) => e.code === 'filter.blocked')?.rule).toBe('orgFilter.0');
  });

  it('withheld numbers can be blocked', () => {
    const anonymous = callFilterFromInput({ mode: 'block', entries: [{ match: { kind: 'anonymous' }, action: 'reject' }] }, null);
    const result = simulated({ ...afterHoursFlow, filter: anonymous }, '2026-11-23T10:00:00+01:00', {}, { kind: 'anonymous' });
    expect(result.outcome).toMatchObject({ result: 'rejected', status: 603 });
  });
});

describe('rosters in a ring', () => {
  const roster: Roster = {
    ...rosterFromInput(
      {
        name: 'On call',
        timeZone: 'Europe/Amsterdam',
        members: [
          { to: '+31 6 1111 1111', label: 'Anna' },
          { to: '+31 6 2222 2222', label: 'Ben' },
        ],
        rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-16' },
        overrides: [],
      },
      null,
    ),
    id: 'ros_oncall000000000000000000' as RosterId,
    organizationId: org as OrganizationId,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const flow: Flow = {
    target: ring('sequential', [
      { to: { kind: 'roster', rosterId: roster.id }, delaySeconds: 0, ringSeconds: 20 },
      destination(office, { label: 'Office', ringSeconds: 10 }),
    ]),
  };

  function run(at: string, behaviours: Record<string, Behaviour>): SimulationResult {
    const number = { ...businessNumber(org, line, flow.target), flow };
    const snapshot = buildSnapshot([{ organization: organization(org), numbers: [number], rosters: [roster] }]);
    return simulate(snapshot, {
      facts: { to: line, from: callerNumber('+31611112222'), at: Date.parse(at), via: 'simulator' },
      behaviourFor: (leg: LegSpec) => (leg.label ? behaviours[leg.label] : undefined) ?? 'noAnswer',
    });
  }

  it('rings whoever is on call when the call arrives: Anna one week, Ben the next, with the shift in the trace', () => {
    const first = run('2026-11-18T12:00:00+01:00', { Anna: 'answer' });
    expect(first.timeline.find((e) => e.event === 'ringing')).toMatchObject({ label: 'Anna', destination: '+31611111111' });
    expect(first.outcome).toMatchObject({ result: 'answered', label: 'Anna' });
    expect(first.trace.find((e) => e.code === 'leg.ringing')?.message).toContain('roster "On call"');

    const second = run('2026-11-23T09:00:00+01:00', { Ben: 'busy', Office: 'answer' });
    expect(rang(second)).toEqual(['Ben', 'Office']);
    expect(second.trace.find((e) => e.code === 'leg.busy')?.message).toContain('Ben');
  });

  it('the handover instant decides: one millisecond before 09:00 Monday it is still Anna', () => {
    expect(run('2026-11-23T08:59:59.999+01:00', {}).timeline[0]).toMatchObject({ label: 'Anna' });
  });
});

describe('number targets', () => {
  const support = '+31205550000';
  const supportFlow: Flow = {
    rules: [{ scheduleId: officeHours.id, when: 'closed', target: hangup('busy') }],
    target: ring('simultaneous', [destination(anna, { label: 'Support desk' })]),
  };
  const salesFlow: Flow = { target: ring('simultaneous', [destination(office, { label: 'Office', ringSeconds: 10 })], { type: 'number', numberId: `num_${support.slice(1)}` as never }) };

  function snapshot(sales: Flow, other: Flow) {
    const numbers = [
      { ...businessNumber(org, line, sales.target), flow: sales },
      { ...businessNumber(org, support, other.target, { label: 'Support' }), flow: other },
    ];
    return buildSnapshot([{ organization: organization(org), numbers, schedules: [officeHours] }]);
  }

  function run(sales: Flow, other: Flow, at: string, behaviours: Record<string, Behaviour>): SimulationResult {
    return simulate(snapshot(sales, other), {
      facts: { to: line, from: callerNumber('+31611112222'), at: Date.parse(at), via: 'simulator' },
      behaviourFor: (leg: LegSpec) => (leg.label ? behaviours[leg.label] : undefined) ?? 'noAnswer',
    });
  }

  it('when nobody answers, the call continues in the other number\'s flow, its rules included', () => {
    const open = run(salesFlow, supportFlow, '2026-11-23T10:00:00+01:00', { 'Support desk': 'answer' });
    expect(rang(open)).toEqual(['Office', 'Support desk']);
    expect(open.outcome).toMatchObject({ result: 'answered', label: 'Support desk' });
    expect(open.trace.find((e) => e.code === 'number.followed')?.message).toContain('Support (+31 20 555 0000)');

    // In the evening Support's own rule applies: busy.
    const closed = run(salesFlow, supportFlow, '2026-11-23T20:00:00+01:00', {});
    expect(rang(closed)).toEqual(['Office']);
    expect(closed.outcome).toMatchObject({ status: 486 });
    expect(closed.trace.find((e) => e.code === 'rule.matched')?.rule).toBe(`number.num_${support.slice(1)}.rules.0`);
  });

  it('a loop that slipped past validation ends after a few hops instead of running for ever', () => {
    const back: Flow = { target: { type: 'number', numberId: `num_${line.slice(1)}` as never } };
    const there: Flow = { target: { type: 'number', numberId: `num_${support.slice(1)}` as never } };
    const result = run(there, back, '2026-11-23T10:00:00+01:00', {});
    expect(result.outcome).toMatchObject({ result: 'rejected', status: 480 });
    expect(messages(result).join('\n')).toContain('more than 8 numbers in a row');
  });
});
