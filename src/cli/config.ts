import { isAbsolute, resolve } from 'node:path';
import { asCountry, type Country } from '../domain/phone-number.ts';

/**
 * All settings, read and checked in one place at start-up. Each comes from a flag or else an environment
 * variable; a bad value stops start-up with one line naming the variable and the rule.
 */
export interface Config {
  readonly http: { readonly host: string; readonly port: number };
  /** Where SIP listens, on UDP and TCP alike; null when `SIP_ADDR=off`. */
  readonly sip: { readonly host: string; readonly port: number } | null;
  readonly database: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Used once, at first start: the secret of the first admin token. */
  readonly bootstrapToken: string | null;
  /** The first organization's country (how its numbers without a country code are read). */
  readonly defaultCountry: Country;
  readonly defaultOrganizationName: string;
  /**
   * Signs the digest nonces of the device registrar, so a nonce one node issued is good on another.
   * null: a random secret for this process (one node; nonces do not outlive a restart, phones just
   * authenticate again).
   */
  readonly sipSecret: string | null;
  /** The digest algorithms the device registrar offers, most preferred first (RFC 8760 §2.4). */
  readonly sipDigestAlgorithms: readonly ('SHA-256' | 'MD5')[];
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, rule: string, value: string) {
    super(`${variable}: ${rule}, got ${JSON.stringify(value)}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** Settings by environment variable name, each with its command-line flag. */
export const settings = {
  HTTP_ADDR: { flag: '--http-addr', description: 'HTTP listen address host:port', default: '127.0.0.1:8080' },
  SIP_ADDR: { flag: '--sip-addr', description: 'SIP listen address host:port (UDP and TCP), or off', default: '127.0.0.1:5060' },
  DATA_DIR: { flag: '--data-dir', description: 'Folder for the SQLite database', default: './data' },
  DATABASE_URL: { flag: '--database-url', description: 'postgres://user:pass@host:port/db to use PostgreSQL instead of SQLite', default: '' },
  LOG_LEVEL: { flag: '--log-level', description: `One of ${logLevels.join(', ')}`, default: 'info' },
  RINGROUTE_BOOTSTRAP_TOKEN: { flag: '--bootstrap-token', description: 'Secret of the first admin token (first start only; else one is generated and printed)', default: '' },
  RINGROUTE_COUNTRY: { flag: '--country', description: "First organization's country (ISO 3166, e.g. NL)", default: 'US' },
  RINGROUTE_ORG_NAME: { flag: '--org-name', description: "First organization's name", default: 'My organization' },
  RINGROUTE_SIP_DIGEST: {
    flag: '--sip-digest',
    description: 'Digest algorithms offered to SIP devices, preferred first: SHA-256,MD5 (default), or MD5 for phones that answer only the first challenge and know only MD5',
    default: 'SHA-256,MD5',
  },
  RINGROUTE_SIP_SECRET: {
    flag: '--sip-secret',
    description: "Signs the SIP registrar's digest nonces; the same on every node (at least 16 characters; default: random per process)",
    default: '',
  },
} as const;

export type SettingName = keyof typeof settings;

export function loadConfig(env: Readonly<Record<string, string | undefined>>, flags: Partial<Record<SettingName, string>> = {}): Config {
  const value = (name: SettingName): string => flags[name] ?? env[name] ?? settings[name].default;

  const http = parseHostPort('HTTP_ADDR', value('HTTP_ADDR'), 8080);
  const sipAddr = value('SIP_ADDR');
  const sip = sipAddr.trim().toLowerCase() === 'off' ? null : parseHostPort('SIP_ADDR', sipAddr, 5060);
  const dataDir = resolve(value('DATA_DIR'));
  if (value('DATA_DIR').trim() === '') throw new ConfigError('DATA_DIR', 'must be a folder path', value('DATA_DIR'));

  const url = value('DATABASE_URL').trim();
  let database: Config['database'];
  if (url === '') {
    database = { kind: 'sqlite', file: resolve(dataDir, 'ringroute.db') };
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'must be a valid postgres:// URL', redact(url));
    }
    database = { kind: 'postgres', url };
  } else if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path (sqlite:/var/lib/ringroute/ringroute.db)', url);
    database = { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(file) };
  } else {
    throw new ConfigError('DATABASE_URL', 'must start with postgres://, postgresql:// or sqlite:', redact(url));
  }

  const logLevel = value('LOG_LEVEL') as LogLevel;
  if (!logLevels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${logLevels.join(', ')}`, value('LOG_LEVEL'));

  const bootstrap = value('RINGROUTE_BOOTSTRAP_TOKEN');
  if (bootstrap !== '' && (bootstrap.length < 24 || /\s/.test(bootstrap))) {
    throw new ConfigError('RINGROUTE_BOOTSTRAP_TOKEN', 'must be at least 24 characters without spaces', '<hidden>');
  }

  const country = asCountry(value('RINGROUTE_COUNTRY'));
  if (!country) throw new ConfigError('RINGROUTE_COUNTRY', 'must be an ISO 3166 country code such as NL or US', value('RINGROUTE_COUNTRY'));

  const orgName = value('RINGROUTE_ORG_NAME').trim();
  if (orgName.length === 0 || orgName.length > 200) throw new ConfigError('RINGROUTE_ORG_NAME', 'must be 1 to 200 characters', orgName);

  const sipSecret = value('RINGROUTE_SIP_SECRET');
  if (sipSecret !== '' && sipSecret.length < 16) throw new ConfigError('RINGROUTE_SIP_SECRET', 'must be at least 16 characters', '<hidden>');

  const digestText = value('RINGROUTE_SIP_DIGEST');
  const digest = digestText.split(',').map((part) => part.trim().toUpperCase());
  if (digest.length === 0 || digest.length > 2 || new Set(digest).size !== digest.length || !digest.every((a) => a === 'SHA-256' || a === 'MD5')) {
    throw new ConfigError('RINGROUTE_SIP_DIGEST', 'must be SHA-256, MD5, or both separated by a comma, each once', digestText);
  }

  return {
    http,
    sip,
    database,
    dataDir,
    logLevel,
    bootstrapToken: bootstrap === '' ? null : bootstrap,
    defaultCountry: country,
    defaultOrganizationName: orgName,
    sipSecret: sipSecret === '' ? null : sipSecret,
    sipDigestAlgorithms: digest as ('SHA-256' | 'MD5')[],
  };
}

function parseHostPort(variable: SettingName, raw: string, examplePort: number): { host: string; port: number } {
  // host:port, [ipv6]:port
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(raw.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    const also = variable === 'SIP_ADDR' ? ', or off' : '';
    throw new ConfigError(variable, `must be host:port such as 127.0.0.1:${examplePort} or [::1]:${examplePort} (port 0-65535)${also}`, raw);
  }
  return { host: (match[1] ?? match[2])!, port };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
