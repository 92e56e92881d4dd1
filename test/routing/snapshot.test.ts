import { describe, expect, it } from 'vitest';
import type { E164 } from '../../src/domain/phone-number.ts';
import type { OrganizationId } from '../../src/domain/ids.ts';
import { buildSnapshot, emptySnapshot, type RoutingSnapshot } from '../../src/routing/index.ts';
import { businessNumber, config, destination, e164, hangup, ring } from './support/config-builders.ts';

const oid = (id: string) => id as OrganizationId;
const owner = (snapshot: RoutingSnapshot, number: string) => snapshot.lookupNumber(e164(number))?.number.organizationId;

const acme = config('org_acme', [
  businessNumber('org_acme', '+31201111111', ring('simultaneous', [destination('+31611111111')])),
  businessNumber('org_acme', '+31202222222', hangup()),
]);
const globex = config('org_globex', [businessNumber('org_globex', '+31203333333', hangup('busy'))]);

describe('buildSnapshot', () => {
  it('finds every number of every organization, and nothing else', () => {
    const snapshot = buildSnapshot([acme, globex]);
    expect(snapshot.numberCount).toBe(3);
    expect(snapshot.organizationCount).toBe(2);
    expect(owner(snapshot, '+31201111111')).toBe('org_acme');
    expect(owner(snapshot, '+31203333333')).toBe('org_globex');
    expect(snapshot.lookupNumber('+31204444444' as E164)).toBeUndefined();
    expect(snapshot.organization(oid('org_globex'))?.organization.name).toBe('Organization org_globex');
  });

  it('compiles each flow into ring groups ahead of any call', () => {
    const snapshot = buildSnapshot([acme]);
    const target = snapshot.lookupNumber(e164('+31201111111'))?.target;
    expect(target).toMatchObject({ type: 'ring', groupStarts: [0], dueAfterSeconds: [0], noAnswer: hangup() });
    // A single group reuses the stored destination list instead of copying it.
    const stored = acme.numbers[0]!.flow.target;
    expect(target?.type === 'ring' ? target.destinations : null).toBe(stored.type === 'ring' ? stored.destinations : undefined);
  });

  it('refuses one number owned by two organizations', () => {
    const clash = config('org_clash', [businessNumber('org_clash', '+31201111111', hangup())]);
    expect(() => buildSnapshot([acme, clash])).toThrowError(expect.objectContaining({ code: 'duplicate_number' }) as Error);
  });

  it('refuses a number filed under the wrong organization, and a flow with an impossible ring time', () => {
    const misfiled = config('org_acme', [businessNumber('org_other', '+31205555555', hangup())]);
    expect(() => buildSnapshot([misfiled])).toThrowError(expect.objectContaining({ code: 'number_organization_mismatch' }) as Error);
    const endless = config('org_acme', [businessNumber('org_acme', '+31205555555', ring('simultaneous', [destination('+31611111111', { ringSeconds: 0 })]))]);
    expect(() => buildSnapshot([endless])).toThrowError(expect.objectContaining({ code: 'invalid_flow' }) as Error);
  });

  it('starts empty', () => {
    expect(emptySnapshot().numberCount).toBe(0);
    expect(emptySnapshot().lookupNumber(e164('+31201111111'))).toBeUndefined();
  });
});

describe('withOrganization / withoutOrganization', () => {
  const before = buildSnapshot([acme, globex]);

  it('replaces an organization: a number added, one removed, one re-flowed; the old snapshot is untouched', () => {
    const after = before.withOrganization(
      config('org_acme', [
        businessNumber('org_acme', '+31201111111', hangup('declined'), { version: 2 }),
        businessNumber('org_acme', '+31206666666', hangup()),
      ]),
    );
    expect(after.lookupNumber(e164('+31201111111'))?.target).toEqual(hangup('declined'));
    expect(after.lookupNumber(e164('+31202222222'))).toBeUndefined();
    expect(owner(after, '+31206666666')).toBe('org_acme');
    expect(owner(after, '+31203333333')).toBe('org_globex');
    expect(after.numberCount).toBe(3);

    expect(before.lookupNumber(e164('+31201111111'))?.target.type).toBe('ring');
    expect(owner(before, '+31202222222')).toBe('org_acme');
    expect(before.lookupNumber(e164('+31206666666'))).toBeUndefined();
    expect(before.numberCount).toBe(3);
  });

  it('re-numbers: the same number record under a new E.164 routes only at the new one', () => {
    const renumbered = businessNumber('org_globex', '+31207777777', hangup('busy'), { id: 'num_31203333333', version: 2 });
    const after = before.withOrganization(config('org_globex', [renumbered]));
    expect(after.lookupNumber(e164('+31203333333'))).toBeUndefined();
    expect(after.lookupNumber(e164('+31207777777'))?.number.id).toBe('num_31203333333');
  });

  it('adds an organization it did not have', () => {
    const after = before.withOrganization(config('org_initech', [businessNumber('org_initech', '+31208888888', hangup())]));
    expect(after.organizationCount).toBe(3);
    expect(owner(after, '+31208888888')).toBe('org_initech');
    expect(before.organization(oid('org_initech'))).toBeUndefined();
  });

  it('removes an organization and all its numbers', () => {
    const after = before.withoutOrganization(oid('org_acme'));
    expect(after.organization(oid('org_acme'))).toBeUndefined();
    expect(after.lookupNumber(e164('+31201111111'))).toBeUndefined();
    expect(after.numberCount).toBe(1);
    expect(owner(before, '+31201111111')).toBe('org_acme');
    expect(after.withoutOrganization(oid('org_acme'))).toBe(after);
  });

  it('moves a number between organizations whichever change arrives first', () => {
    const moved = businessNumber('org_globex', '+31202222222', hangup('busy'), { version: 2 });
    const acmeWithout = config('org_acme', [acme.numbers[0]!]);
    const globexWith = config('org_globex', [...globex.numbers, moved]);
    const gainFirst = before.withOrganization(globexWith);
    expect(owner(gainFirst, '+31202222222')).toBe('org_globex');
    const gainThenLoss = gainFirst.withOrganization(acmeWithout);
    const lossThenGain = before.withOrganization(acmeWithout).withOrganization(globexWith);
    for (const snapshot of [gainThenLoss, lossThenGain]) {
      expect(owner(snapshot, '+31202222222')).toBe('org_globex');
      expect(snapshot.numberCount).toBe(3);
    }
  });

  it('keeps the compiled number of a record it was given again unchanged', () => {
    const same = before.withOrganization(acme);
    expect(same.lookupNumber(e164('+31201111111'))).toBe(before.lookupNumber(e164('+31201111111')));
  });

  it('handles one organization with many numbers', () => {
    const numbers = Array.from({ length: 20_000 }, (_, i) => businessNumber('org_big', `+3120${1000000 + i}`, hangup()));
    const big = emptySnapshot().withOrganization(config('org_big', numbers));
    expect(big.numberCount).toBe(20_000);
    const smaller = big.withOrganization(config('org_big', numbers.slice(0, 5_000)));
    expect(smaller.numberCount).toBe(5_000);
    expect(owner(smaller, '+31201004999')).toBe('org_big');
    expect(smaller.lookupNumber(e164('+31201005000'))).toBeUndefined();
    expect(owner(big, '+31201005000')).toBe('org_big');
  });
});
