import type { RegisteredContact, RegistrationOwner } from '../domain/registration.ts';
import type { RegistrationStore } from './store.ts';

/**
 * The registrar's `BindingStore` (src/sip/registrar/binding.ts) over the store's registrations:
 * `get(aor)` and `put(aor, bindings)`, with the owner of a new address-of-record found by
 * `ownerOf` (the wiring knows how it builds AORs from device user names). The SIP layer is not
 * imported: the shapes match field for field, so this passes where a BindingStore is wanted.
 */
export class RegistrationBindingStore {
  readonly #registrations: RegistrationStore;
  readonly #ownerOf: (aor: string) => Promise<RegistrationOwner | null>;

  constructor(registrations: RegistrationStore, ownerOf: (aor: string) => Promise<RegistrationOwner | null>) {
    this.#registrations = registrations;
    this.#ownerOf = ownerOf;
  }

  get(aor: string): Promise<readonly RegisteredContact[]> {
    return this.#registrations.get(aor);
  }

  async put(aor: string, bindings: readonly RegisteredContact[]): Promise<void> {
    // An empty list removes the address-of-record, whoever owned it: un-registering needs no owner.
    if (bindings.length === 0) return this.#registrations.remove(aor);
    const owner = await this.#ownerOf(aor);
    // The device is gone (deleted while it registered): nothing may stay registered for it.
    if (owner === null) throw new Error(`no device owns the address-of-record ${aor}: its bindings cannot be stored`);
    return this.#registrations.put(aor, owner, bindings);
  }
}
