import type { OrganizationId, UserId } from '../domain/ids.ts';
import type { Registration } from '../domain/registration.ts';

/** Where call control finds the devices a user has registered, when a ring names the user. */
export interface UserContacts {
  /** The SIP URIs of every current contact of all the user's devices (none: an empty list). */
  contactsOf(organizationId: OrganizationId, userId: UserId): Promise<readonly string[]>;
}

/** What `registeredContacts` reads: the registrar's bindings by user, as the store keeps them. */
export interface RegistrationsByUser {
  listForUser(organizationId: OrganizationId, userId: UserId): Promise<readonly Registration[]>;
}

/**
 * A user's contacts from the registrar's stored bindings. A binding past its expiry is skipped even
 * if the store still holds it (RFC 3261 §10.3 step 8: an expired binding no longer routes), and a
 * contact two devices share is rung once.
 */
export function registeredContacts(registrations: RegistrationsByUser, now: () => number = Date.now): UserContacts {
  return {
    async contactsOf(organizationId, userId) {
      const at = now();
      const contacts = new Set<string>();
      for (const registration of await registrations.listForUser(organizationId, userId)) {
        for (const binding of registration.bindings) if (binding.expiresAt > at) contacts.add(binding.contact);
      }
      return [...contacts];
    },
  };
}
