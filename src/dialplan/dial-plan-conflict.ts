/**
 * A refusal by the dial plan's rules. `code` is the contract; `status` is the HTTP status the API
 * answers with (400: the value itself is wrong; 409: it collides with another record); `field` is a
 * JSON pointer into the request body; `conflictsWith` names the record it collides with, or null
 * when the value is wrong on its own. The matrix is written out in docs/dial-plan.md.
 */
export interface DialPlanConflict {
  readonly code: DialPlanConflictCode;
  readonly status: 400 | 409;
  readonly field: string;
  readonly message: string;
  readonly conflictsWith: ConflictingRecord | null;
}

export interface ConflictingRecord {
  readonly type: 'user' | 'virtualExtension' | 'virtualExtensionRange' | 'location' | 'organization' | 'number';
  readonly id: string;
}

export const dialPlanConflictStatus = {
  invalid_extension: 400,
  invalid_routing_prefix: 400,
  invalid_outside_dial_digit: 400,
  invalid_steering_digit: 400,
  invalid_extension_length: 400,
  invalid_range_pattern: 400,
  invalid_range_prefix: 400,
  invalid_phone_context: 400,
  phone_context_required: 400,
  unknown_location: 400,
  extension_taken: 409,
  extension_shadows: 409,
  extension_reserved_digit: 409,
  extension_emergency_number: 409,
  phone_number_taken: 409,
  phone_number_is_business_number: 409,
  extension_in_range: 409,
  range_overlap: 409,
  routing_prefix_taken: 409,
  routing_prefix_overlap: 409,
  routing_prefix_steering_digit: 409,
  outside_dial_digit_steering_digit: 409,
  extension_length_mismatch: 409,
  range_prefix_mode: 409,
} as const;

export type DialPlanConflictCode = keyof typeof dialPlanConflictStatus;

export function conflict(code: DialPlanConflictCode, field: string, message: string, conflictsWith: ConflictingRecord | null = null): DialPlanConflict {
  return { code, status: dialPlanConflictStatus[code], field, message, conflictsWith };
}
