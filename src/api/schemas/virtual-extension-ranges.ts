import { Type } from '@sinclair/typebox';
import { maxRangePatterns } from '../../domain/dial-plan.ts';
import { PageOf, Timestamp } from './common.ts';

const Patterns = Type.Array(Type.String({ maxLength: 20 }), {
  maxItems: 1000,
  description: `1 to ${maxRangePatterns} patterns of the extension length, digits and X (any digit), e.g. 2XXX`,
  examples: [['2XXX']],
});

const fields = {
  name: Type.String({ maxLength: 400, examples: ['Amsterdam DDI block'] }),
  prefix: Type.String({
    maxLength: 40,
    description: 'Dialling an extension a pattern matches calls prefix + the digits. Standard mode: the start of an E.164 number (+3120555); enhanced mode may be digits',
    examples: ['+3120555'],
  }),
  patterns: Patterns,
  locationId: Type.Optional(Type.Union([Type.Null(), Type.String()], { description: 'Absent or null: organization level' })),
};

export const RangeInput = Type.Object(fields, { additionalProperties: false });

export const RangePatch = Type.Object(
  {
    name: Type.Optional(fields.name),
    prefix: Type.Optional(fields.prefix),
    locationId: fields.locationId,
    patterns: Type.Optional(Patterns),
    addPatterns: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 1000, description: 'Patterns to add' })),
    removePatterns: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 1000, description: 'Patterns to remove' })),
  },
  { additionalProperties: false, minProperties: 1, description: '`patterns` replaces the list; or add and remove patterns. The result is checked whole' },
);

export const Range = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    patterns: Type.Array(Type.String()),
    locationId: Type.Union([Type.Null(), Type.String()]),
    level: Type.Union([Type.Literal('organization'), Type.Literal('location')]),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'VirtualExtensionRange', title: 'VirtualExtensionRange' },
);

export const RangeList = PageOf(Type.Ref(Range), 'VirtualExtensionRangeList');

export const RangeListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500)' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Items to skip' }),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches names containing it, ignoring case' })),
  locationId: Type.Optional(Type.String({ description: 'Only ranges of this location' })),
});
