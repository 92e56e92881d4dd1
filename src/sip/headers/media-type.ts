import { formatHeaderParams, readHeaderParams, type HeaderParams } from '../grammar/header-params.ts';
import { fail, ok, type Parsed } from '../grammar/result.ts';
import { ValueCursor } from '../grammar/value-cursor.ts';

/**
 * A media type (Content-Type, RFC 3261 §20.15) or media range (Accept, §20.1):
 *
 *   media-type  = m-type SLASH m-subtype *(SEMI m-parameter)
 *   media-range = ( "*" "/" "*" / ( m-type SLASH "*" ) / ( m-type SLASH m-subtype ) ) *( SEMI accept-param )
 *
 * Type and subtype are case-insensitive and stored lower-cased; "*" is a token character, so a
 * range parses the same way.
 */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  readonly params: HeaderParams;
}

export function parseMediaType(text: string): Parsed<MediaType> {
  const cursor = new ValueCursor(text);
  cursor.skipWhitespace();
  const type = cursor.readToken();
  if (!type || !cursor.eat(0x2f)) return fail('bad media type');
  const subtype = cursor.readToken();
  if (!subtype) return fail('bad media subtype');
  const params = readHeaderParams(cursor);
  if (!params.ok) return params;
  return ok({ type: type.toLowerCase(), subtype: subtype.toLowerCase(), params: params.value });
}

export function formatMediaType(value: MediaType): string {
  return `${value.type}/${value.subtype}${formatHeaderParams(value.params)}`;
}

/** "type/subtype", lower-cased, without parameters: what policies compare. */
export function mediaTypeName(value: MediaType): string {
  return `${value.type}/${value.subtype}`;
}

/** Whether the Accept range `range` admits the media type `typeName` ("application/sdp"). */
export function mediaRangeAccepts(range: MediaType, typeName: string): boolean {
  if (range.type === '*') return true;
  const slash = typeName.indexOf('/');
  if (range.type !== typeName.slice(0, slash).toLowerCase()) return false;
  return range.subtype === '*' || range.subtype === typeName.slice(slash + 1).toLowerCase();
}
