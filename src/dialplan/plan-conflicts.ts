import { phoneContextProblem } from './private-number.ts';
import type { DialPlanSettings } from '../domain/dial-plan.ts';
import type { LocationId } from '../domain/ids.ts';
import { recordOf, scopeLocation } from './conflicts.ts';
import { conflict, type DialPlanConflict } from './dial-plan-conflict.ts';
import type { DialPlanIndex } from './dial-plan-index.ts';
import {
  extensionLengthProblem,
  outsideDialDigitShapeProblem,
  prefixesCollide,
  rangePrefixProblem,
  routingPrefixShapeProblem,
  steeringDigitShapeProblem,
} from './extension-rules.ts';
import { describeEntry, describeRange } from './indexed-records.ts';

/**
 * Rule 7 of the conflict matrix: a location's routing prefix and outside dial digit, and the
 * organization's steering digit, extension length and virtual extension mode, are checked against
 * every record that uses them. A changed routing prefix only has to stay apart from the other
 * prefixes: every location-level ESN is prefix + extension, and an extension never starts with the
 * steering digit, so ESNs of different locations cannot collide while no prefix starts another.
 */

export interface LocationCandidate {
  readonly routingPrefix: string;
  readonly outsideDialDigit: string | null;
}

export function conflictsOfLocation(
  index: DialPlanIndex,
  candidate: LocationCandidate,
  options: { readonly ignoreId?: LocationId } = {},
): DialPlanConflict[] {
  const { steeringDigit } = index.settings;
  const found: DialPlanConflict[] = [];
  const prefixShape = routingPrefixShapeProblem(candidate.routingPrefix, steeringDigit);
  if (prefixShape) found.push(conflict('invalid_routing_prefix', '/routingPrefix', `Routing prefix ${prefixShape}`));
  const digitShape = outsideDialDigitShapeProblem(candidate.outsideDialDigit, steeringDigit);
  if (digitShape) found.push(conflict('invalid_outside_dial_digit', '/outsideDialDigit', `Outside dial digit ${digitShape}`));
  if (found.length > 0) return found;

  for (const other of index.locations()) {
    if (other.id === options.ignoreId) continue;
    if (other.routingPrefix === candidate.routingPrefix) {
      found.push(conflict('routing_prefix_taken', '/routingPrefix', `${candidate.routingPrefix} is already the routing prefix of ${other.name}`, { type: 'location', id: other.id }));
    } else if (prefixesCollide(other.routingPrefix, candidate.routingPrefix)) {
      found.push(
        conflict(
          'routing_prefix_overlap',
          '/routingPrefix',
          `${candidate.routingPrefix} and ${other.routingPrefix}, the routing prefix of ${other.name}, start alike: dialled digits could not tell them apart`,
          { type: 'location', id: other.id },
        ),
      );
    }
  }

  // Rule 3 from the location's side: its outside dial digit may start no extension dialled there —
  // its own (when it already exists) and every organization-level one.
  const digit = candidate.outsideDialDigit;
  if (digit === null) return found;
  const here = options.ignoreId ?? null;
  for (const entry of index.entries()) {
    if (entry.extension[0] !== digit || !(entry.locationId === null || (here !== null && entry.locationId === here))) continue;
    found.push(
      conflict(
        'extension_reserved_digit',
        '/outsideDialDigit',
        `${digit} starts ${entry.extension}, the extension of ${describeEntry(entry, scopeLocation(index, entry.locationId))}`,
        recordOf(entry),
      ),
    );
  }
  for (const range of index.ranges()) {
    if (!(range.locationId === null || (here !== null && range.locationId === here))) continue;
    const pattern = range.patterns.find((p) => p[0] === digit);
    if (pattern !== undefined) {
      found.push(
        conflict('extension_reserved_digit', '/outsideDialDigit', `${digit} starts pattern ${pattern} of ${describeRange(range, scopeLocation(index, range.locationId))}`, {
          type: 'virtualExtensionRange',
          id: range.id,
        }),
      );
    }
  }
  return found;
}

export type SettingsCandidate = Pick<DialPlanSettings, 'steeringDigit' | 'extensionLength' | 'virtualExtensionMode' | 'phoneContext'>;

export function conflictsOfSettings(index: DialPlanIndex, candidate: SettingsCandidate): DialPlanConflict[] {
  const found: DialPlanConflict[] = [];
  const digitShape = steeringDigitShapeProblem(candidate.steeringDigit);
  if (digitShape) found.push(conflict('invalid_steering_digit', '/steeringDigit', `Steering digit ${digitShape}`));
  const lengthShape = extensionLengthProblem(candidate.extensionLength);
  if (lengthShape) found.push(conflict('invalid_extension_length', '/extensionLength', `Extension length ${lengthShape}`));
  const contextShape = candidate.phoneContext === null ? null : phoneContextProblem(candidate.phoneContext);
  if (contextShape) found.push(conflict('invalid_phone_context', '/phoneContext', `phoneContext ${contextShape}`));
  // Enhanced mode sends ESNs as private numbers, and RFC 3966 §5.1.5 gives a local number no meaning without its context.
  if (candidate.virtualExtensionMode === 'enhanced' && candidate.phoneContext === null) {
    found.push(conflict('phone_context_required', '/phoneContext', 'phoneContext is required in enhanced mode: the domain or number prefix where the ESNs are valid (RFC 3966 §5.1.5)'));
  }
  if (found.length > 0) return found;

  const { steeringDigit, extensionLength, virtualExtensionMode } = candidate;
  for (const location of index.locations()) {
    const record = { type: 'location', id: location.id } as const;
    if (!location.routingPrefix.startsWith(steeringDigit)) {
      found.push(conflict('routing_prefix_steering_digit', '/steeringDigit', `${location.name}'s routing prefix ${location.routingPrefix} does not start with ${steeringDigit}`, record));
    }
    if (location.outsideDialDigit === steeringDigit) {
      found.push(conflict('outside_dial_digit_steering_digit', '/steeringDigit', `${steeringDigit} is the outside dial digit of ${location.name}`, record));
    }
  }
  for (const entry of index.entries()) {
    const name = describeEntry(entry, scopeLocation(index, entry.locationId));
    if (entry.extension.length !== extensionLength) {
      found.push(conflict('extension_length_mismatch', '/extensionLength', `${entry.extension}, the extension of ${name}, does not have ${extensionLength} digits`, recordOf(entry)));
    }
    if (entry.extension[0] === steeringDigit) {
      found.push(conflict('extension_reserved_digit', '/steeringDigit', `${steeringDigit} starts ${entry.extension}, the extension of ${name}`, recordOf(entry)));
    }
  }
  for (const range of index.ranges()) {
    const record = { type: 'virtualExtensionRange', id: range.id } as const;
    const name = describeRange(range, scopeLocation(index, range.locationId));
    if (range.patterns.some((p) => p.length !== extensionLength)) {
      found.push(conflict('extension_length_mismatch', '/extensionLength', `The patterns of ${name} do not have ${extensionLength} characters`, record));
    }
    if (range.patterns.some((p) => p[0] === steeringDigit)) {
      found.push(conflict('extension_reserved_digit', '/steeringDigit', `${steeringDigit} starts a pattern of ${name}`, record));
    }
    const prefixProblem = rangePrefixProblem(range.prefix, virtualExtensionMode, extensionLength);
    if (prefixProblem) found.push(conflict('range_prefix_mode', '/virtualExtensionMode', `The prefix of ${name} ${prefixProblem}`, record));
  }
  return found;
}
