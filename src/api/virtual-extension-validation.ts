import { conflictsOfVirtualExtension, type DialPlanIndex } from '../dialplan/index.ts';
import type { LocationId } from '../domain/ids.ts';
import { parsePhoneNumber, type Country, type E164 } from '../domain/phone-number.ts';

/**
 * `POST /v1/virtual-extensions/validate`: would these phone numbers and extensions be accepted? A dry
 * run against the organization's dial plan, item by item, that writes nothing.
 */

export type ValidationStatus = 'VALID' | 'DUPLICATE' | 'DUPLICATE_IN_LIST' | 'INVALID';

export interface ValidationItem {
  readonly value: string;
  readonly status: ValidationStatus;
  readonly code: string;
  readonly message: string;
  readonly conflictsWith?: { readonly type: string; readonly id: string };
}

/** A number no virtual extension can hold, so an extension is checked without a phone number's conflicts. */
const noPhoneNumber = '+' as E164;

export function validatePhoneNumbers(index: DialPlanIndex, values: readonly string[], country: Country | null): ValidationItem[] {
  const seen = new Map<E164, number>();
  return values.map((value, i) => {
    const parsed = parsePhoneNumber(value, country);
    if (!parsed.ok) return { value, status: 'INVALID', code: parsed.code, message: parsed.message };
    const earlier = seen.get(parsed.e164);
    if (earlier !== undefined) return { value, status: 'DUPLICATE_IN_LIST', code: 'duplicate_in_list', message: `${parsed.e164} is also at index ${earlier} of the list` };
    seen.set(parsed.e164, i);
    const holder = index.virtualExtensionByPhoneNumber(parsed.e164);
    if (holder) {
      return {
        value,
        status: 'DUPLICATE',
        code: 'phone_number_taken',
        message: `${parsed.e164} is already the number of ${holder.displayName} (extension ${holder.extension})`,
        conflictsWith: { type: 'virtualExtension', id: holder.id },
      };
    }
    const businessNumber = index.businessNumber(parsed.e164);
    if (businessNumber) {
      return {
        value,
        status: 'DUPLICATE',
        code: 'phone_number_is_business_number',
        message: `${parsed.e164} is one of the organization's own numbers`,
        conflictsWith: { type: 'number', id: businessNumber },
      };
    }
    return { value, status: 'VALID', code: 'valid', message: `${parsed.e164} is free` };
  });
}

export function validateExtensions(index: DialPlanIndex, values: readonly string[], locationId: LocationId | null): ValidationItem[] {
  const seen = new Map<string, number>();
  return values.map((raw, i) => {
    const value = raw.trim();
    const earlier = seen.get(value);
    if (earlier !== undefined) return { value: raw, status: 'DUPLICATE_IN_LIST', code: 'duplicate_in_list', message: `${value} is also at index ${earlier} of the list` };
    seen.set(value, i);
    const conflicts = conflictsOfVirtualExtension(index, { extension: value, phoneNumber: noPhoneNumber, locationId }).filter((c) => c.field !== '/phoneNumber');
    const first = conflicts[0];
    if (!first) return { value: raw, status: 'VALID', code: 'valid', message: `${value} is free here` };
    // A value wrong on its own (400) or starting with a reserved digit is invalid; the rest collide with a record.
    const invalid = first.status === 400 || first.code === 'extension_reserved_digit';
    return {
      value: raw,
      status: invalid ? 'INVALID' : 'DUPLICATE',
      code: first.code,
      message: first.message,
      ...(first.conflictsWith ? { conflictsWith: { ...first.conflictsWith } } : {}),
    };
  });
}
