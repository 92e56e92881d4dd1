import { Type } from '@sinclair/typebox';

/** Paging and a name search, for lists of named documents (schedules, rosters). */
export const DocumentListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page (1–500)' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Items to skip' }),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches names containing it, ignoring case' })),
});
