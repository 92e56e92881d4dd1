import { DialPlanError } from './dial-plan-error.ts';
import { isDigits } from './extension-rules.ts';

/** RFC 3966 §3 `domainname`: dot-separated labels of letters, digits and inner hyphens; the top label starts with a letter. */
const domainName = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?\.?$/;
/** RFC 3966 §3 `global-number-digits`: "+" and digits, visual separators allowed. */
const globalNumberDigits = /^\+[0-9\-.()]*[0-9][0-9\-.()]*$/;

/**
 * A `phone-context` as it is stored and sent: a global number prefix as written (`+3120`), or a
 * domain name in lower case — domain names compare case-insensitively (RFC 3966 §3, RFC 1035), so
 * lower case keeps URIs comparable as strings. Null when the text is neither (RFC 3966 §5.1.5).
 */
export function normalizePhoneContext(text: string): string | null {
  const context = text.trim();
  if (globalNumberDigits.test(context)) return context;
  const domain = context.toLowerCase();
  return domain.length > 0 && domain.length <= 253 && domainName.test(domain) ? domain : null;
}

/** Why `text` cannot be a `phone-context`, in words; null when it can. */
export function phoneContextProblem(text: string): string | null {
  return normalizePhoneContext(text) === null
    ? `must be a domain name (acme.example) or a global number prefix such as +3120 (RFC 3966 §5.1.5), got ${JSON.stringify(text)}`
    : null;
}

/**
 * The ESN as a private number for enhanced mode: `tel:8015001;phone-context=acme.ringroute.example`.
 * An ESN is a local number, meaningful only inside the organization, and RFC 3966 §5.1.5 requires a
 * local number to carry a `phone-context` naming where it is valid: a domain name the organization
 * controls, or the global number prefix of its numbering plan (`+3120`). §5.1.4 keeps the local
 * number itself as digits (no leading +).
 */
export function privateNumberUri(esn: string, organizationDomainOrContext: string): string {
  if (!isDigits(esn)) throw new DialPlanError('invalid_esn', `An ESN is digits only, got ${JSON.stringify(esn)}`);
  const context = normalizePhoneContext(organizationDomainOrContext);
  if (context === null) throw new DialPlanError('invalid_phone_context', `phone-context ${phoneContextProblem(organizationDomainOrContext) ?? ''}`);
  return `tel:${esn};phone-context=${context}`;
}
