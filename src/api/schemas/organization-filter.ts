import { Type } from '@sinclair/typebox';

const description =
  'The organization-wide call filter, applied to every number before the number\'s own: {"mode":"block"|"allowOnly","entries":[{"match":"+44 20*"|"020 765 4321"|"anonymous"|{"kind":"country","country":"GB"},"action":"reject"|"busy"|"allow"|{"kind":"announcement","text":"…"}|{"kind":"reroute","target":<target>},"label":"…"}],"otherwise":"reject"|"busy"|{"kind":"announcement","text":"…"}}. Numbers are read in the organization\'s country when typed without a country code; the most specific matching entry wins.';

/** Checked whole by the domain (`callFilterFromInput` and the reroute targets), which names each field it refuses. */
export const CallFilterInput = Type.Object({}, { additionalProperties: true, description });

export const CallFilterDocument = Type.Object(
  {
    mode: Type.String({ description: 'block or allowOnly' }),
    entries: Type.Array(Type.Object({}, { additionalProperties: true })),
    otherwise: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { $id: 'CallFilter', title: 'CallFilter', description },
);
