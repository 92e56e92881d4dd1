import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** RFC 9457 problem details, with ringroute's stable `code` and one entry per invalid field. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem: urn:ringroute:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable code; switch on this, not on the text' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'JSON pointer to the field, e.g. /destinations/0/to' }),
          code: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
    conflictsWith: Type.Optional(Type.Object({ type: Type.String(), id: Type.String() })),
  },
  { $id: 'Problem', title: 'Problem' },
);
export type ProblemBody = Static<typeof Problem>;

export const ProblemRef = Type.Ref('Problem');

export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500)' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Items to skip' }),
});

export function PageOf<T extends TSchema>(item: T, name: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ description: 'All matching items, not only this page' }),
      limit: Type.Integer(),
      offset: Type.Integer(),
    },
    { title: name },
  );
}

export const IdParams = Type.Object({ id: Type.String({ description: 'The resource id' }) });

export const Timestamp = Type.String({ format: 'date-time' });

/** Responses every authenticated route may give, so the OpenAPI document lists them. */
export const authProblems = {
  400: ProblemRef,
  401: ProblemRef,
  403: ProblemRef,
} as const;
