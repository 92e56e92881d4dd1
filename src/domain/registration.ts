import type { DeviceId, OrganizationId, UserId } from './ids.ts';

/**
 * A device's registration as the store keeps it. `RegisteredContact` has the shape of the SIP
 * registrar's `Binding` (src/sip/registrar/binding.ts), field for field, so bindings pass between the
 * two as plain data; the domain does not import the SIP layer.
 */
export interface RegisteredContact {
  readonly contact: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
  readonly q?: number;
  readonly instance?: string;
  readonly source: { readonly transport: 'udp' | 'tcp'; readonly address: string; readonly port: number };
}

/** Whose address-of-record it is: the device that registered, its user and organization. */
export interface RegistrationOwner {
  readonly organizationId: OrganizationId;
  readonly userId: UserId;
  readonly deviceId: DeviceId;
}

export interface Registration extends RegistrationOwner {
  readonly aor: string;
  readonly bindings: readonly RegisteredContact[];
  readonly updatedAt: string;
}
