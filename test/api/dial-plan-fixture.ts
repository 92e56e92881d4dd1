import { expect } from 'vitest';
import type { TestApi } from '../support/api.ts';

/**
 * The organization of docs/dial-plan.md, built through the API: Amsterdam (801, outside 0), Lisbon
 * (802, outside 0), New York (803, outside 9); Bob 1001 and Dirk 4001 in Amsterdam, Carla 1001 in
 * Lisbon; Amsterdam's range 2XXX on +3120555 and the organization's 6XXX on +3130666.
 */
export interface DialPlanFixture {
  readonly amsterdam: string;
  readonly lisbon: string;
  readonly newYork: string;
  readonly bob: string;
  readonly dirk: string;
  readonly carla: string;
  readonly amsterdamRange: string;
  readonly organizationRange: string;
}

export async function post(api: TestApi, url: string, body: object, token: string = api.rootToken): Promise<{ id: string }> {
  const res = await api.call('POST', url, token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>();
}

export async function buildDialPlan(api: TestApi, token: string = api.rootToken): Promise<DialPlanFixture> {
  const location = (name: string, timeZone: string, routingPrefix: string, outsideDialDigit: string) =>
    post(api, '/v1/locations', { name, timeZone, routingPrefix, outsideDialDigit }, token);
  const amsterdam = (await location('Amsterdam', 'Europe/Amsterdam', '801', '0')).id;
  const lisbon = (await location('Lisbon', 'Europe/Lisbon', '802', '0')).id;
  const newYork = (await location('New York', 'America/New_York', '803', '9')).id;
  const user = (firstName: string, lastName: string, locationId: string, extension: string) =>
    post(api, '/v1/users', { firstName, lastName, locationId, extension }, token);
  const bob = (await user('Bob', 'de Vries', amsterdam, '1001')).id;
  const dirk = (await user('Dirk', 'Jansen', amsterdam, '4001')).id;
  const carla = (await user('Carla', 'Sousa', lisbon, '1001')).id;
  const amsterdamRange = (await post(api, '/v1/virtual-extension-ranges', { name: 'Amsterdam block', prefix: '+3120555', patterns: ['2XXX'], locationId: amsterdam }, token)).id;
  const organizationRange = (await post(api, '/v1/virtual-extension-ranges', { name: 'Utrecht office', prefix: '+3130666', patterns: ['6XXX'] }, token)).id;
  return { amsterdam, lisbon, newYork, bob, dirk, carla, amsterdamRange, organizationRange };
}

/** The problem body of a dial-plan refusal. */
export interface DialPlanProblemBody {
  code: string;
  status: number;
  detail: string;
  conflictsWith?: { type: string; id: string };
  errors: { field: string; code: string; message: string }[];
}

/** Ana Silva, the organization-level virtual extension 5001 on +351 21 234 5678 (docs/dial-plan.md). */
export async function addAna(api: TestApi): Promise<string> {
  return (await post(api, '/v1/virtual-extensions', { displayName: 'Ana Silva', extension: '5001', phoneNumber: '+351 21 234 5678' })).id;
}
