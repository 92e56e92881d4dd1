/**
 * Header field names. They are case-insensitive (RFC 3261 §7.3.1) and several have a compact
 * one-letter form (§7.3.3, §20, and the extensions that registered one with IANA). Both are
 * resolved to a *key*: the lower-cased long name, which is what headers are looked up by. The name
 * as received is kept for writing the header back out.
 */

const compactForms: Readonly<Record<string, string>> = {
  a: 'Accept-Contact', // RFC 3841
  b: 'Referred-By', // RFC 3892
  c: 'Content-Type',
  d: 'Request-Disposition', // RFC 3841
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact', // RFC 3841
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  o: 'Event', // RFC 6665
  r: 'Refer-To', // RFC 3515
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events', // RFC 6665
  v: 'Via',
  x: 'Session-Expires', // RFC 4028
  y: 'Identity', // RFC 8224
};

/** Long names whose canonical spelling is not plain Title-Case. */
const canonicalSpellings = [
  'Call-ID',
  'CSeq',
  'WWW-Authenticate',
  'MIME-Version',
  'RAck',
  'RSeq',
  'Min-SE',
  'P-Asserted-Identity',
  'P-Preferred-Identity',
  ...Object.values(compactForms),
];

const keyOfCompact = new Map<string, string>();
for (const [letter, name] of Object.entries(compactForms)) keyOfCompact.set(letter, name.toLowerCase());

const spellingOfKey = new Map<string, string>();
for (const name of canonicalSpellings) spellingOfKey.set(name.toLowerCase(), name);

/** The lookup key of a header name: lower-cased, compact forms expanded ("v" and "VIA" → "via"). */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return lower.length === 1 ? (keyOfCompact.get(lower) ?? lower) : lower;
}

/**
 * The long, conventionally spelled name for a header name: "i" → "Call-ID", "cseq" → "CSeq",
 * "max-forwards" → "Max-Forwards". Used when this layer writes a header itself.
 */
export function canonicalHeaderName(name: string): string {
  const key = headerKey(name);
  const known = spellingOfKey.get(key);
  if (known) return known;
  return key.replace(/(^|-)([a-z])/g, (_match: string, dash: string, letter: string) => dash + letter.toUpperCase());
}
