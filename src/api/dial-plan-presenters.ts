import type { DialResult } from '../dialplan/index.ts';
import { destinationKey } from '../domain/destination.ts';
import type { DialPlanSettings, Location, User, VirtualExtensionRange } from '../domain/dial-plan.ts';
import type { Registration } from '../domain/registration.ts';

/** Dial-plan records as the API shows them; fields are listed, so a new one is a choice. */

export function presentDialPlanSettings(s: DialPlanSettings) {
  return {
    steeringDigit: s.steeringDigit,
    extensionLength: s.extensionLength,
    virtualExtensionMode: s.virtualExtensionMode,
    phoneContext: s.phoneContext,
    outboundTrunkId: s.outboundTrunkId,
  };
}

export function presentLocation(l: Location) {
  return {
    id: l.id,
    name: l.name,
    timeZone: l.timeZone,
    routingPrefix: l.routingPrefix,
    outsideDialDigit: l.outsideDialDigit,
    country: l.country,
    emergencyCallbackNumber: l.emergencyCallbackNumber,
    version: l.version,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

/** Devices without their digest hashes: the password is write-only, and so is everything made from it. */
export function presentUser(u: User) {
  return {
    id: u.id,
    firstName: u.firstName,
    lastName: u.lastName,
    displayName: u.displayName,
    locationId: u.locationId,
    extension: u.extension,
    email: u.email,
    devices: u.devices.map((d) => ({ id: d.id, name: d.name, username: d.username, hasPassword: d.ha1.md5.length > 0 })),
    version: u.version,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export function presentRange(r: VirtualExtensionRange) {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    patterns: [...r.patterns],
    locationId: r.locationId,
    level: r.locationId === null ? ('organization' as const) : ('location' as const),
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** A user's current bindings (those not yet expired at `now`), with the device each belongs to. */
export function presentRegistrations(user: User, registrations: readonly Registration[], now: number) {
  const items = [];
  for (const registration of registrations) {
    const device = user.devices.find((d) => d.id === registration.deviceId);
    if (!device) continue;
    for (const binding of registration.bindings) {
      if (binding.expiresAt <= now) continue;
      items.push({
        device: { id: device.id, name: device.name, username: device.username },
        contact: binding.contact,
        expiresAt: new Date(binding.expiresAt).toISOString(),
        source: { transport: binding.source.transport, address: binding.source.address, port: binding.source.port },
      });
    }
  }
  return { items };
}

/** The resolution result with the record's id under a name that says what it is. */
export function presentDialResult(r: DialResult) {
  switch (r.kind) {
    case 'user':
      return { kind: r.kind, userId: r.userId, displayName: r.displayName, esn: r.esn, trace: [...r.trace] };
    case 'virtualExtension':
      return { kind: r.kind, virtualExtensionId: r.id, displayName: r.displayName, phoneNumber: r.phoneNumber, esn: r.esn, privateNumber: r.privateNumber ? destinationKey(r.privateNumber) : null, trace: [...r.trace] };
    case 'range':
      return { kind: r.kind, rangeId: r.rangeId, phoneNumber: r.phoneNumber, esn: r.esn, privateNumber: r.privateNumber ? destinationKey(r.privateNumber) : null, trace: [...r.trace] };
    case 'number':
      return { kind: r.kind, numberId: r.numberId, phoneNumber: r.e164, trace: [...r.trace] };
    case 'outside':
      return { kind: r.kind, phoneNumber: r.e164, trace: [...r.trace] };
    case 'emergency':
      return { kind: r.kind, emergencyNumber: r.number, trace: [...r.trace] };
    case 'notFound':
      return { kind: r.kind, reason: r.reason, trace: [...r.trace] };
  }
}
