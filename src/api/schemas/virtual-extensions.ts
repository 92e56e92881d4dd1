import { Type, type Static } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';

/*
 * Virtual extensions. The schemas give the shape; `virtualExtensionFromInput` and the dial plan's
 * conflict matrix check the rest, naming every field they refuse with a stable code.
 */

const Level = Type.Union([Type.Literal('organization'), Type.Literal('location')], {
  description: 'organization: dialled the same from every location (ESN = the extension); location: at one location (ESN = its routing prefix + the extension)',
});

const fields = {
  displayName: Type.String({ description: 'What caller ID shows: 1–60 characters as people see them, trimmed, no control characters', examples: ['Ana Silva'] }),
  firstName: Type.Optional(Type.Union([Type.Null(), Type.String()], { description: 'Up to 60 characters; empty or null: none' })),
  lastName: Type.Optional(Type.Union([Type.Null(), Type.String()], { description: 'Up to 60 characters; empty or null: none' })),
  extension: Type.String({ description: "The digits dialled to reach it: the organization's extension length", examples: ['5001'] }),
  phoneNumber: Type.String({ description: "The external number in any format (read in the organization's country without a country code); E.164 out", examples: ['+351 21 234 5678'] }),
  // Null first in input unions: Ajv's type coercion would otherwise read null as "" in the string branch.
  locationId: Type.Optional(Type.Union([Type.Null(), Type.String()], { description: 'The location it belongs to; absent or null: organization level' })),
  level: Type.Optional(Level),
};

export const VirtualExtensionInput = Type.Object(fields, { additionalProperties: false });
export type VirtualExtensionInputBody = Static<typeof VirtualExtensionInput>;

export const VirtualExtensionPatch = Type.Object(
  { ...fields, displayName: Type.Optional(fields.displayName), extension: Type.Optional(fields.extension), phoneNumber: Type.Optional(fields.phoneNumber) },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'The fields given replace the stored ones; `level: "organization"` (or `locationId: null`) moves it to organization level. The result is checked whole.',
  },
);
export type VirtualExtensionPatchBody = Static<typeof VirtualExtensionPatch>;

export const VirtualExtension = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    extension: Type.String(),
    phoneNumber: Type.String({ description: 'E.164' }),
    locationId: Type.Union([Type.String(), Type.Null()]),
    level: Level,
    esn: Type.String({ description: 'Enterprise significant number: routing prefix + extension at location level, the extension at organization level' }),
    routingPrefix: Type.Union([Type.String(), Type.Null()], { description: "The location's routing prefix; null at organization level" }),
    locationName: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'VirtualExtension', title: 'VirtualExtension' },
);

const Page = PageOf(Type.Ref(VirtualExtension), 'VirtualExtensionList');

export const VirtualExtensionList = Type.Object(
  {
    ...Page.properties,
    offset: Type.Integer({ description: 'The offset asked for; 0 on a page asked for by cursor' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` (with the same filters and sort) for the page after this one; null when no more items follow',
    }),
  },
  { title: 'VirtualExtensionList' },
);

export const virtualExtensionSortValues = ['displayName', '-displayName', 'extension', '-extension', 'createdAt', '-createdAt'] as const;

export const VirtualExtensionListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500)' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Items to skip. With `cursor` leave it out (or 0): the page starts right after the cursor' }),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2_000,
      description:
        "`nextCursor` of the page before, for the page after it: each page costs the same however deep, and items added or removed meanwhile neither repeat nor skip the others. Made for one sort: use it with that sort (and the same filters). `total` still counts every match",
    }),
  ),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Word prefixes of the display, first and last name, ignoring case and accents: "jose alv" finds "José Álvarez"' })),
  extension: Type.Optional(Type.String({ maxLength: 20, description: 'Exactly this extension' })),
  phoneNumber: Type.Optional(Type.String({ maxLength: 64, description: 'This phone number, in any format' })),
  locationId: Type.Optional(Type.String({ description: 'Only those of this location' })),
  orgLevelOnly: Type.Optional(Type.Boolean({ description: 'Only organization-level ones' })),
  sort: Type.Optional(
    Type.Union(
      virtualExtensionSortValues.map((v) => Type.Literal(v)),
      { description: 'displayName (ignoring case and accents), extension or createdAt (the default); a leading - sorts descending' },
    ),
  ),
});

const ValidationItem = Type.Object({
  value: Type.String({ description: 'The item as sent' }),
  status: Type.Union([Type.Literal('VALID'), Type.Literal('DUPLICATE'), Type.Literal('DUPLICATE_IN_LIST'), Type.Literal('INVALID')]),
  code: Type.String({ description: 'valid, duplicate_in_list, or the refusal code (invalid_phone_number, phone_number_taken, extension_taken, …)' }),
  message: Type.String(),
  conflictsWith: Type.Optional(Type.Object({ type: Type.String(), id: Type.String() })),
});

export const ValidateRequest = Type.Object(
  {
    phoneNumbers: Type.Optional(Type.Array(Type.String(), { maxItems: 10_000 })),
    extensions: Type.Optional(Type.Array(Type.String(), { maxItems: 10_000 })),
    locationId: Type.Optional(Type.Union([Type.Null(), Type.String()], { description: 'Where the extensions would be; absent or null: organization level' })),
  },
  { additionalProperties: false },
);
export type ValidateRequestBody = Static<typeof ValidateRequest>;

export const ValidateResult = Type.Object({ phoneNumbers: Type.Array(ValidationItem), extensions: Type.Array(ValidationItem) });
