import { Type } from '@sinclair/typebox';
import { sipRealm } from '../../domain/device-credentials.ts';
import { maxDevicesPerUser, passwordLimits } from '../../domain/user-input.ts';
import { PageOf, Timestamp } from './common.ts';

const DeviceInput = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'An existing device of the user; left out, a device with the same user name is that device' })),
    name: Type.Optional(Type.String({ maxLength: 400, description: 'Left out: the user name', examples: ['Desk phone'] })),
    username: Type.String({ maxLength: 100, description: 'Digest user name, unique on the whole platform; also the device\'s address-of-record', examples: ['bob-desk'] }),
    password: Type.Optional(
      Type.String({
        maxLength: 1000,
        writeOnly: true,
        description: `Write-only, ${passwordLimits.min}–${passwordLimits.max} characters; stored only as digest HA1 (MD5 and SHA-256) for realm "${sipRealm}". Required for a new device or a changed user name; left out, an existing device keeps its password.`,
      }),
    ),
  },
  { additionalProperties: false },
);

const fields = {
  firstName: Type.String({ maxLength: 400, examples: ['Bob'] }),
  lastName: Type.Optional(Type.String({ maxLength: 400, examples: ['de Vries'] })),
  displayName: Type.Optional(Type.String({ maxLength: 400, description: 'Left out: first and last name', examples: ['Bob de Vries'] })),
  locationId: Type.String({ description: 'The location the user belongs to (their extension is dialled there)' }),
  extension: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 20 })], { description: "Digits of the organization's extension length; null: none", examples: ['1001'] })),
  email: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 400 })], { examples: ['bob@example.com'] })),
  devices: Type.Optional(Type.Array(DeviceInput, { maxItems: 100, description: `SIP devices (at most ${maxDevicesPerUser}); the list replaces the stored one` })),
};

export const UserInput = Type.Object(fields, { additionalProperties: false });

export const UserPatch = Type.Object(
  { ...fields, firstName: Type.Optional(fields.firstName), locationId: Type.Optional(fields.locationId) },
  { additionalProperties: false, minProperties: 1, description: 'The fields given replace the stored ones (`devices` as a whole list); the result is checked whole' },
);

const Device = Type.Object({
  id: Type.String(),
  name: Type.String(),
  username: Type.String(),
  hasPassword: Type.Boolean({ description: 'The password itself is never shown' }),
});

export const User = Type.Object(
  {
    id: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    displayName: Type.String(),
    locationId: Type.String(),
    extension: Type.Union([Type.Null(), Type.String()]),
    email: Type.Union([Type.Null(), Type.String()]),
    devices: Type.Array(Device),
    version: Type.Integer({ description: 'Increases with every change; send it in If-Match to change only this version' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'User', title: 'User' },
);

export const UserList = PageOf(Type.Ref(User), 'UserList');

export const UserListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500)' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Items to skip' }),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches display, first or last names containing it, ignoring case' })),
  locationId: Type.Optional(Type.String({ description: 'Only users of this location' })),
});

export const Registration = Type.Object({
  device: Type.Object({ id: Type.String(), name: Type.String(), username: Type.String() }),
  contact: Type.String({ description: 'The Contact URI the device registered' }),
  expiresAt: Timestamp,
  source: Type.Object({ transport: Type.String(), address: Type.String(), port: Type.Integer() }, { description: 'Where the REGISTER came from' }),
});

export const RegistrationList = Type.Object({ items: Type.Array(Registration) }, { title: 'RegistrationList' });
