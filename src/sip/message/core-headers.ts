import { typedHeaders } from '../headers/typed-headers.ts';
import type { HeaderList } from './header-list.ts';
import { parseError, type ParseErrorContext, type SipParseError } from './parse-error.ts';

/**
 * The headers every message must carry and the transaction layer needs at once (RFC 3261 §8.1.1:
 * To, From, CSeq, Call-ID, Max-Forwards, Via; §20.14 Content-Length for framing). They are parsed
 * up front, so a message that exists is one whose core headers are valid. Max-Forwards and
 * Content-Length may be absent: RFC 2543 peers omit the first (RFC 4475 §3.4.1) and a datagram
 * needs no second (§18.3).
 */
const core = [
  { definition: typedHeaders.Via, required: true, single: false },
  { definition: typedHeaders.From, required: true, single: true },
  { definition: typedHeaders.To, required: true, single: true },
  { definition: typedHeaders['Call-ID'], required: true, single: true },
  { definition: typedHeaders.CSeq, required: true, single: true },
  { definition: typedHeaders['Max-Forwards'], required: false, single: true },
  { definition: typedHeaders['Content-Length'], required: false, single: true },
];

/** The first problem with the core headers, or undefined when they are all present and valid. */
export function checkCoreHeaders(headers: HeaderList, context?: ParseErrorContext): SipParseError | undefined {
  for (const { definition, required, single } of core) {
    const header = definition.name;
    const count = headers.count(definition.key);
    if (count === 0) {
      if (required) return parseError('missing_header', `no ${header} header`, { header, context });
      continue;
    }
    if (single && count > 1) {
      return parseError('duplicate_header', `${header} appears ${count} times`, { header, context });
    }
    const parsed = headers.typed<unknown>(definition);
    if (!parsed.ok) return parseError('bad_header_value', `bad ${header}: ${parsed.reason}`, { header, context });
  }
  return undefined;
}
