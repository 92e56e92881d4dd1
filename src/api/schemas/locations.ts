import { Type } from '@sinclair/typebox';
import { defaultOutsideDialDigit } from '../../domain/location-input.ts';
import { PageOf, Timestamp } from './common.ts';

const fields = {
  name: Type.String({ maxLength: 400, examples: ['Amsterdam'] }),
  timeZone: Type.String({ maxLength: 64, description: 'IANA time zone; stored by its canonical name', examples: ['Europe/Amsterdam'] }),
  routingPrefix: Type.String({
    maxLength: 20,
    description: "Digits other locations dial before an extension here: 2–8 digits starting with the organization's steering digit, unique, none starting another",
    examples: ['801'],
  }),
  outsideDialDigit: Type.Optional(
    Type.Union([Type.Null(), Type.String({ maxLength: 10 })], {
      description: `The digit dialled before an outside number; null: none (outside numbers only in E.164). Left out: ${defaultOutsideDialDigit}`,
      examples: ['0', '9'],
    }),
  ),
  country: Type.Optional(
    Type.Union([Type.Null(), Type.String({ maxLength: 10 })], { description: "ISO 3166-1 alpha-2: where numbers dialled here are read; null: the organization's country", examples: ['NL'] }),
  ),
  emergencyCallbackNumber: Type.Optional(
    Type.Union([Type.Null(), Type.String({ maxLength: 64 })], {
      description: "The number emergency services see and call back when a phone here dials 112 or 911, in any format (read in the location's country); null or left out: the organization's first business number",
      examples: ['+31 20 555 0100'],
    }),
  ),
};

export const LocationInput = Type.Object(fields, { additionalProperties: false });

export const LocationPatch = Type.Object(
  { ...fields, name: Type.Optional(fields.name), timeZone: Type.Optional(fields.timeZone), routingPrefix: Type.Optional(fields.routingPrefix) },
  { additionalProperties: false, minProperties: 1, description: 'The fields given replace the stored ones; the result is checked whole' },
);

export const Location = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String(),
    routingPrefix: Type.String(),
    outsideDialDigit: Type.Union([Type.Null(), Type.String()]),
    country: Type.Union([Type.Null(), Type.String()]),
    emergencyCallbackNumber: Type.Union([Type.Null(), Type.String()], { description: 'E.164' }),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Location', title: 'Location' },
);

export const LocationList = PageOf(Type.Ref(Location), 'LocationList');
