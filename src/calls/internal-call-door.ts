import type { DialResult } from '../dialplan/index.ts';
import type { OrganizationId, UserId } from '../domain/ids.ts';
import type { Organization } from '../domain/organization.ts';
import type { E164 } from '../domain/phone-number.ts';
import type { Trunk } from '../domain/trunk.ts';
import { createResponse, type ServerInviteTransaction } from '../sip/index.ts';
import type { InternalCall } from './call-control.ts';
import type { DeviceRegistrar } from './device-registrar.ts';
import { internalTarget } from './internal-target.ts';

/** The organization's dial plan, as the door asks it. */
export interface InternalDialPlan {
  /** What `digits` dialled by this user reach, and how the user is shown (ESN null without an extension); null for a user the dial plan does not know. */
  route(organizationId: OrganizationId, userId: UserId, digits: string): Promise<{ readonly result: DialResult; readonly displayName: string; readonly esn: string | null } | null>;
}

export interface InternalCallDoorOptions {
  readonly registrar: DeviceRegistrar;
  readonly dialPlan: InternalDialPlan;
  /** The organization, also one the routing snapshot does not hold (no numbers yet). */
  readonly organization: (organizationId: OrganizationId) => Promise<Organization | undefined>;
  /** The trunk the organization's phones call phone numbers and private numbers through (`outboundTrunkOf`), or null. */
  readonly trunkOf: (organizationId: OrganizationId) => Promise<Trunk | null>;
  readonly calls: { onInternalInvite(transaction: ServerInviteTransaction, internal: InternalCall): void };
  /**
   * The number emergency services see and can call back for a call from this user's phones (an ESN
   * means nothing to them): `emergencyCallbackOf`. Null when there is none.
   */
  readonly emergencyCallback: (organizationId: OrganizationId, userId: UserId) => Promise<E164 | null>;
}

/**
 * Calls placed by users' registered phones: the INVITE is authenticated with the device's digest
 * credentials (401 challenge, RFC 3261 §22.2), the Request-URI's user part is resolved by the
 * organization's dial plan, and call control rings what it resolved to. Digits that reach nothing get
 * 404 (§21.4.5).
 */
export class InternalCallDoor {
  readonly #options: InternalCallDoorOptions;

  constructor(options: InternalCallDoorOptions) {
    this.#options = options;
  }

  onInvite(transaction: ServerInviteTransaction, toTag: string): void {
    void this.#handle(transaction, toTag).catch(() => {
      if (!transaction.answered) transaction.respond(createResponse(transaction.request, 500, { toTag }));
    });
  }

  async #handle(transaction: ServerInviteTransaction, toTag: string): Promise<void> {
    const authenticated = await this.#options.registrar.authenticate(transaction, toTag);
    if (!authenticated || transaction.answered) return;
    const { device } = authenticated;
    const request = transaction.request;
    const uri = request.uri;
    const digits = uri.kind === 'sip' ? (uri.user ?? '') : uri.kind === 'tel' ? uri.number : '';
    const organization = await this.#options.organization(device.organizationId);
    const routed = organization ? await this.#options.dialPlan.route(device.organizationId, device.userId, digits) : null;
    if (transaction.answered) return;
    const target = routed ? internalTarget(routed.result) : null;
    if (!organization || !routed || !target) {
      transaction.respond(createResponse(request, 404, { toTag }));
      return;
    }
    const trunk = await this.#options.trunkOf(device.organizationId);
    if (transaction.answered) return;
    const shownAs = routed.esn ?? authenticated.username;
    // An emergency call shows a number the emergency service can call back, not the caller's ESN.
    const callback = routed.result.kind === 'emergency' ? await this.#options.emergencyCallback(device.organizationId, device.userId) : null;
    if (transaction.answered) return;
    this.#options.calls.onInternalInvite(transaction, {
      organization,
      caller: {
        id: callback ? { kind: 'number', e164: callback } : { kind: 'unknown', raw: shownAs, presentedAs: { displayName: routed.displayName, esn: shownAs } },
        record: { number: shownAs, kind: 'unknown', raw: authenticated.username },
      },
      dialled: digits,
      target,
      trunk,
    });
  }
}
