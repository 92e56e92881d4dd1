import { Type, type Static } from '@sinclair/typebox';
import { DestinationsInput } from './destinations.ts';
import { PageOf, Timestamp } from './common.ts';

const CountryHint = Type.String({
  pattern: '^[A-Za-z]{2}$',
  description: "ISO 3166 country for a number typed without a country code; default: the organization's country",
});

export const BusinessNumber = Type.Object(
  {
    id: Type.String(),
    phoneNumber: Type.String({ description: 'E.164', examples: ['+31201234567'] }),
    phoneNumberFormatted: Type.String({ description: 'For people: +31 20 123 4567' }),
    country: Type.Union([Type.String(), Type.Null()], { description: 'ISO country of the number; null for non-geographic numbers' }),
    label: Type.String(),
    version: Type.Integer({ description: 'Increases with every change' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'BusinessNumber', title: 'BusinessNumber' },
);

export const NumberList = PageOf(Type.Ref(BusinessNumber), 'NumberList');

export const CreateNumber = Type.Object(
  {
    phoneNumber: Type.String({ minLength: 1, maxLength: 64, description: 'Any format a person types', examples: ['+31 20 123 4567'] }),
    country: Type.Optional(CountryHint),
    label: Type.Optional(Type.String({ maxLength: 100 })),
    destinations: Type.Optional(Type.Ref(DestinationsInput)),
  },
  { additionalProperties: false },
);
export type CreateNumberBody = Static<typeof CreateNumber>;

export const UpdateNumber = Type.Object(
  {
    phoneNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    country: Type.Optional(CountryHint),
    label: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateNumberBody = Static<typeof UpdateNumber>;

export const NumberListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches phone number or label' })),
});
