import { Type } from '@sinclair/typebox';
import { dialPlanDefaults } from '../../domain/dial-plan.ts';

/*
 * The organization's dial-plan settings and dial-plan resolution. Shapes only: the dial plan's own
 * rules (docs/dial-plan.md) answer with their stable codes (`invalid_steering_digit`, …), not Ajv's.
 */

const Mode = Type.Union([Type.Literal('standard'), Type.Literal('enhanced')], {
  description:
    'standard: a call to a virtual extension or range is an ordinary outbound call to its E.164 number. enhanced: the call carries the ESN as a private number (tel URI with phone-context, RFC 3966) to a provider that routes it.',
});

const PhoneContextWords =
  'Where the ESNs are valid, for enhanced mode: a domain name the organization controls (acme.example) or the global number prefix of its numbering plan (+3120). Sent as the phone-context of the private number (RFC 3966 §5.1.5). Required in enhanced mode; null: none.';
const OutboundTrunkWords =
  "The trunk calls from the organization's phones leave through (to virtual extensions, ranges and outside numbers); null: the first enabled trunk. Calls that came in on a trunk ring phone numbers through that trunk.";

export const DialPlanSettings = Type.Object(
  {
    steeringDigit: Type.String({ description: `The digit every routing prefix starts with (default ${dialPlanDefaults.steeringDigit})`, examples: ['8'] }),
    extensionLength: Type.Integer({ description: `Digits of every extension, 2–10 (default ${dialPlanDefaults.extensionLength})`, examples: [4] }),
    virtualExtensionMode: Mode,
    phoneContext: Type.Union([Type.String(), Type.Null()], { description: PhoneContextWords, examples: ['acme.example', '+3120'] }),
    outboundTrunkId: Type.Union([Type.String(), Type.Null()], { description: OutboundTrunkWords }),
  },
  { $id: 'DialPlanSettings', title: 'DialPlanSettings' },
);

export const DialPlanSettingsPatch = Type.Object(
  {
    steeringDigit: Type.Optional(Type.String({ maxLength: 10 })),
    extensionLength: Type.Optional(Type.Integer()),
    virtualExtensionMode: Type.Optional(Mode),
    phoneContext: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 253 })], { description: PhoneContextWords })),
    outboundTrunkId: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 64 })], { description: OutboundTrunkWords })),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    // Null is listed before string: Ajv coerces types, and would read null as "" if string came first.
    description: 'The settings given replace the stored ones. Refused (409, naming them) while locations, extensions or ranges would break the new settings.',
  },
);

export const ResolveInput = Type.Object(
  {
    digits: Type.String({ minLength: 1, maxLength: 64, description: 'What the caller dials; spaces, -, ., ( and ) are ignored', examples: ['5001', '8021001', '0 020 765 4321'] }),
    from: Type.Union(
      [
        Type.Object({ userId: Type.String({ description: 'A user dials, at their location' }) }, { additionalProperties: false }),
        Type.Object({ locationId: Type.String({ description: 'A location dials (a lobby phone, a trunk into the site)' }) }, { additionalProperties: false }),
      ],
      { description: 'Who dials' },
    ),
  },
  { additionalProperties: false },
);

export const DialResult = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('user'),
      Type.Literal('virtualExtension'),
      Type.Literal('range'),
      Type.Literal('number'),
      Type.Literal('outside'),
      Type.Literal('emergency'),
      Type.Literal('notFound'),
    ]),
    userId: Type.Optional(Type.String()),
    virtualExtensionId: Type.Optional(Type.String()),
    rangeId: Type.Optional(Type.String()),
    numberId: Type.Optional(Type.String()),
    displayName: Type.Optional(Type.String()),
    esn: Type.Optional(Type.String({ description: 'Enterprise significant number: routing prefix + extension, or the extension alone at organization level' })),
    phoneNumber: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'E.164: what a standard-mode call dials out to' })),
    privateNumber: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: 'Enhanced mode: the private number the call carries instead (tel URI with phone-context, RFC 3966), sent to the trunk as sip:ESN;phone-context=…@trunk;user=phone. Null: the call goes to phoneNumber',
        examples: ['tel:8015001;phone-context=acme.example'],
      }),
    ),
    emergencyNumber: Type.Optional(Type.String({ description: 'emergency: the number as the carrier gets it (112, 911, 999), without any outside dial digit', examples: ['112'] })),
    reason: Type.Optional(Type.String({ description: 'notFound: unknown_caller, not_digits, invalid_number or no_match' })),
    trace: Type.Array(Type.String(), { description: 'Why, one sentence per step' }),
  },
  { $id: 'DialResult', title: 'DialResult' },
);
