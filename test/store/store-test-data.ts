import type { Flow } from '../../src/domain/flow.ts';
import type { OrganizationId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import { asCountry, parsePhoneNumber, type Country, type E164 } from '../../src/domain/phone-number.ts';
import type { ChangeActor, Store } from '../../src/store/store.ts';

/** Changes made by the system itself (no token). */
export const system: ChangeActor = { tokenId: null };

export function country(code: string): Country {
  const result = asCountry(code);
  if (!result) throw new Error(`not a country: ${code}`);
  return result;
}

/** A phone number as the API would hand it to the store: validated E.164. */
export function e164(text: string): E164 {
  const result = parsePhoneNumber(text);
  if (!result.ok) throw new Error(`not a phone number: ${text} (${result.message})`);
  return result.e164;
}

/** Distinct valid Dutch numbers: +31 20 123 40nn. */
export function amsterdamNumber(n: number): E164 {
  return e164(`+3120123${String(4000 + n).padStart(4, '0')}`);
}

export const ringMobile: Flow = {
  target: {
    type: 'ring',
    strategy: 'sequential',
    destinations: [{ to: { kind: 'phone', e164: e164('+31612345678') }, delaySeconds: 0, ringSeconds: 20 }],
    noAnswer: { type: 'hangup', reason: 'busy' },
  },
};

export const hangUp: Flow = { target: { type: 'hangup', reason: 'unavailable' } };

export function createOrganization(store: Store, name: string): Promise<Organization> {
  return store.transaction(system, (tx) => tx.organizations.create({ name, country: country('NL') }));
}

export async function createNumber(
  store: Store,
  organizationId: OrganizationId,
  phoneNumber: E164,
  label = 'Main line',
  flow: Flow = ringMobile,
) {
  return store.transaction(system, (tx) => tx.numbers.create({ organizationId, phoneNumber, label, flow }));
}
