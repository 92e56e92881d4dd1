import type { BusinessNumber } from '../../../src/domain/business-number.ts';
import type { Destination, DirectDestination, SipUri } from '../../../src/domain/destination.ts';
import {
  menuDefaults,
  menuKeys,
  type AnnouncementTarget,
  type HangupReason,
  type HangupTarget,
  type MenuKey,
  type MenuTarget,
  type QueueTarget,
  type RingDestination,
  type RingStrategy,
  type RingTarget,
  type Target,
  type Whisper,
} from '../../../src/domain/flow.ts';
import type { NumberId, OrganizationId, QueueId } from '../../../src/domain/ids.ts';
import { queueDefaults, type Queue, type QueueMember, type QueueSettings } from '../../../src/domain/queue.ts';
import type { Organization } from '../../../src/domain/organization.ts';
import type { Country, E164 } from '../../../src/domain/phone-number.ts';
import type { OrganizationConfig } from '../../../src/routing/index.ts';

/** Builders for the configuration the store would hand the snapshot, with readable defaults. */

export const e164 = (text: string): E164 => text as E164;
export const phone = (text: string): DirectDestination => ({ kind: 'phone', e164: e164(text) });
export const sip = (uri: string): DirectDestination => ({ kind: 'sip', uri: uri as SipUri });

/**
 * An organization in NL. Unless told otherwise it allows legs to NL and GB, the countries the routing
 * tests ring; the toll-fraud guard itself is tested with its own lists.
 */
export function organization(id: string, name = `Organization ${id}`, allowedCountries: readonly string[] | null = ['NL', 'GB']): Organization {
  return {
    id: id as OrganizationId,
    name,
    country: 'NL' as Country,
    allowedCountries: allowedCountries as readonly Country[] | null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

export function destination(to: Destination | string, options: { label?: string; delaySeconds?: number; ringSeconds?: number } = {}): RingDestination {
  const base = { to: typeof to === 'string' ? phone(to) : to, delaySeconds: options.delaySeconds ?? 0, ringSeconds: options.ringSeconds ?? 20 };
  return options.label === undefined ? base : { ...base, label: options.label };
}

export const hangup = (reason: HangupReason = 'unavailable'): HangupTarget => ({ type: 'hangup', reason });

export function ring(strategy: RingStrategy, destinations: readonly RingDestination[], noAnswer: Target = hangup()): RingTarget {
  return { type: 'ring', strategy, destinations, noAnswer };
}

export function businessNumber(
  orgId: string,
  phoneNumber: string,
  target: Target,
  options: { id?: string; label?: string; version?: number } = {},
): BusinessNumber {
  return {
    id: (options.id ?? `num_${phoneNumber.slice(1)}`) as NumberId,
    organizationId: orgId as OrganizationId,
    phoneNumber: e164(phoneNumber),
    label: options.label ?? 'Main line',
    flow: { target },
    version: options.version ?? 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

export function config(orgId: string, numbers: readonly BusinessNumber[], name?: string): OrganizationConfig {
  return { organization: organization(orgId, name), numbers };
}

/** A menu with the defaults a customer gets unless they change them (10 s timeout, 3 retries). */
export function menu(
  prompt: string,
  options: Readonly<Partial<Record<MenuKey, Target>>>,
  settings: Partial<Omit<MenuTarget, 'type' | 'prompt' | 'options'>> = {},
): MenuTarget {
  return {
    type: 'menu',
    prompt: { text: prompt },
    options: menuKeys.flatMap((key) => {
      const target = options[key];
      return target ? [{ key, target }] : [];
    }),
    timeoutSeconds: settings.timeoutSeconds ?? menuDefaults.timeoutSeconds,
    retries: settings.retries ?? menuDefaults.retries,
    invalidPrompt: settings.invalidPrompt ?? menuDefaults.invalidPrompt,
    timeoutPrompt: settings.timeoutPrompt ?? menuDefaults.timeoutPrompt,
    exhausted: settings.exhausted ?? hangup(),
    extensions: settings.extensions ?? [],
  };
}

export const announcement = (text: string, then: Target): AnnouncementTarget => ({ type: 'announcement', prompt: { text }, then });

export function queueTarget(queueId: string, overflow: Target = hangup(), whisper?: Whisper): QueueTarget {
  const base: QueueTarget = { type: 'queue', queueId: queueId as QueueId, overflow };
  return whisper ? { ...base, whisper } : base;
}

/** A queue member: a phone number, or a SIP URI when it starts with `sip:`. */
export function member(to: string, label?: string): QueueMember {
  const destination = to.startsWith('sip:') ? sip(to) : phone(to);
  return label === undefined ? { destination } : { destination, label };
}

/** A stored queue with the defaults of `queueDefaults` unless told otherwise; announcements off by default. */
export function queue(orgId: string, id: string, members: readonly QueueMember[], settings: Partial<Omit<QueueSettings, 'members'>> = {}): Queue {
  return {
    id: id as QueueId,
    organizationId: orgId as OrganizationId,
    name: settings.name ?? 'Support',
    members,
    strategy: settings.strategy ?? queueDefaults.strategy,
    ringSeconds: settings.ringSeconds ?? queueDefaults.ringSeconds,
    wrapUpSeconds: settings.wrapUpSeconds ?? queueDefaults.wrapUpSeconds,
    retrySeconds: settings.retrySeconds ?? queueDefaults.retrySeconds,
    maxCallers: settings.maxCallers ?? queueDefaults.maxCallers,
    maxWaitSeconds: settings.maxWaitSeconds ?? queueDefaults.maxWaitSeconds,
    whenNoMember: settings.whenNoMember ?? queueDefaults.whenNoMember,
    announcements: settings.announcements ?? { everySeconds: 0, position: false, expectedWait: false },
    version: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}
