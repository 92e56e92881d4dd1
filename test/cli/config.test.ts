import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/cli/config.ts';

/** Runs loadConfig and returns the ConfigError it throws (failing the test if it does not throw one). */
function configErrorFor(env: Record<string, string>, flags: Parameters<typeof loadConfig>[1] = {}): ConfigError {
  try {
    loadConfig(env, flags);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('runs with no settings at all: local HTTP on 8080, SQLite under ./data, info logs, US, no bootstrap token', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.sip).toEqual({ host: '127.0.0.1', port: 5060 });
    expect(config.dataDir).toBe(resolve('data'));
    expect(config.database).toEqual({ kind: 'sqlite', file: resolve('data', 'ringroute.db') });
    expect(config.logLevel).toBe('info');
    expect(config.bootstrapToken).toBeNull();
    expect(config.defaultCountry).toBe('US');
    expect(config.defaultOrganizationName).toBe('My organization');
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      HTTP_ADDR: '0.0.0.0:9000',
      DATA_DIR: '/var/lib/ringroute',
      LOG_LEVEL: 'debug',
      RINGROUTE_BOOTSTRAP_TOKEN: 'a'.repeat(32),
      RINGROUTE_COUNTRY: 'NL',
      RINGROUTE_ORG_NAME: '  Acme BV  ',
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(config.database).toEqual({ kind: 'sqlite', file: '/var/lib/ringroute/ringroute.db' });
    expect(config.logLevel).toBe('debug');
    expect(config.bootstrapToken).toBe('a'.repeat(32));
    expect(config.defaultCountry).toBe('NL');
    expect(config.defaultOrganizationName).toBe('Acme BV');
  });

  it('lets a flag win over its environment variable', () => {
    const config = loadConfig(
      { HTTP_ADDR: '127.0.0.1:8000', LOG_LEVEL: 'debug', RINGROUTE_COUNTRY: 'US', DATA_DIR: '/from/env' },
      { HTTP_ADDR: '127.0.0.1:9001', LOG_LEVEL: 'error', RINGROUTE_COUNTRY: 'DE', DATA_DIR: '/from/flag' },
    );
    expect(config.http.port).toBe(9001);
    expect(config.logLevel).toBe('error');
    expect(config.defaultCountry).toBe('DE');
    expect(config.dataDir).toBe('/from/flag');
  });

  it('accepts port 0 (any free port) and a bracketed IPv6 host', () => {
    expect(loadConfig({ HTTP_ADDR: '127.0.0.1:0' }).http).toEqual({ host: '127.0.0.1', port: 0 });
    expect(loadConfig({ HTTP_ADDR: '[::1]:8080' }).http).toEqual({ host: '::1', port: 8080 });
  });

  it('reads SIP_ADDR like HTTP_ADDR (port 0, IPv6), lets --sip-addr win, and turns SIP off with "off"', () => {
    expect(loadConfig({ SIP_ADDR: '0.0.0.0:5080' }).sip).toEqual({ host: '0.0.0.0', port: 5080 });
    expect(loadConfig({ SIP_ADDR: '127.0.0.1:0' }).sip).toEqual({ host: '127.0.0.1', port: 0 });
    expect(loadConfig({ SIP_ADDR: '[::1]:5060' }).sip).toEqual({ host: '::1', port: 5060 });
    expect(loadConfig({ SIP_ADDR: '127.0.0.1:5070' }, { SIP_ADDR: '127.0.0.1:5090' }).sip).toEqual({ host: '127.0.0.1', port: 5090 });
    expect(loadConfig({ SIP_ADDR: 'off' }).sip).toBeNull();
    expect(loadConfig({ SIP_ADDR: '127.0.0.1:5070' }, { SIP_ADDR: 'off' }).sip).toBeNull();
    // Turning SIP off leaves HTTP as it was.
    expect(loadConfig({ SIP_ADDR: 'off' }).http).toEqual({ host: '127.0.0.1', port: 8080 });
  });

  it('says SIP_ADDR may also be off when it rejects one', () => {
    expect(configErrorFor({ SIP_ADDR: '5060' }).message).toMatch(/^SIP_ADDR: .*or off, got "5060"$/);
  });

  it('selects PostgreSQL for a postgres:// or postgresql:// DATABASE_URL', () => {
    const url = 'postgres://ringroute:secret@db.example:5432/ringroute';
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'postgres', url });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db.example/rr' }).database.kind).toBe('postgres');
  });

  it('takes an explicit sqlite: DATABASE_URL as the database file', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/srv/rr.db' }).database).toEqual({ kind: 'sqlite', file: '/srv/rr.db' });
  });

  describe('stops on a bad value with an error that starts with the variable name', () => {
    const cases: ReadonlyArray<readonly [string, Record<string, string>]> = [
      ['HTTP_ADDR', { HTTP_ADDR: 'nope' }],
      ['HTTP_ADDR', { HTTP_ADDR: '127.0.0.1:70000' }],
      ['HTTP_ADDR', { HTTP_ADDR: '127.0.0.1' }],
      ['SIP_ADDR', { SIP_ADDR: 'nope' }],
      ['SIP_ADDR', { SIP_ADDR: '127.0.0.1:65536' }],
      ['SIP_ADDR', { SIP_ADDR: '' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
      ['DATABASE_URL', { DATABASE_URL: 'sqlite:' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
      ['RINGROUTE_COUNTRY', { RINGROUTE_COUNTRY: 'XX' }],
      ['RINGROUTE_BOOTSTRAP_TOKEN', { RINGROUTE_BOOTSTRAP_TOKEN: 'too-short' }],
      ['RINGROUTE_BOOTSTRAP_TOKEN', { RINGROUTE_BOOTSTRAP_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` }],
      ['RINGROUTE_ORG_NAME', { RINGROUTE_ORG_NAME: '   ' }],
      ['DATA_DIR', { DATA_DIR: '  ' }],
      ['RINGROUTE_SIP_DIGEST', { RINGROUTE_SIP_DIGEST: 'SHA-1' }],
      ['RINGROUTE_SIP_DIGEST', { RINGROUTE_SIP_DIGEST: 'MD5,MD5' }],
      ['RINGROUTE_SIP_SECRET', { RINGROUTE_SIP_SECRET: 'short' }],
    ];
    it.each(cases)('%s = %j', (variable, env) => {
      const error = configErrorFor(env);
      expect(error.variable).toBe(variable);
      expect(error.message.startsWith(`${variable}: `)).toBe(true);
      expect(error.message).not.toContain('\n');
    });

    it('names the flag value too when the bad value came from a flag', () => {
      const error = configErrorFor({ LOG_LEVEL: 'info' }, { LOG_LEVEL: 'shouty' });
      expect(error.message).toMatch(/^LOG_LEVEL: .*"shouty"/);
    });
  });

  it('offers SHA-256 then MD5 to SIP phones unless told otherwise, in any case, and keeps a SIP secret out of error messages', () => {
    expect(loadConfig({}).sipDigestAlgorithms).toEqual(['SHA-256', 'MD5']);
    expect(loadConfig({}).sipSecret).toBeNull();
    expect(loadConfig({ RINGROUTE_SIP_DIGEST: 'md5' }).sipDigestAlgorithms).toEqual(['MD5']);
    expect(loadConfig({ RINGROUTE_SIP_SECRET: 'a shared nonce secret' }).sipSecret).toBe('a shared nonce secret');
    expect(configErrorFor({ RINGROUTE_SIP_SECRET: 'tiny-pw' }).message).not.toContain('tiny-pw');
  });

  it('does not echo a bootstrap token it rejects', () => {
    const error = configErrorFor({ RINGROUTE_BOOTSTRAP_TOKEN: 'hunter2-secret' });
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('does not echo the password of a DATABASE_URL it rejects', () => {
    const wrongScheme = configErrorFor({ DATABASE_URL: 'mysql://admin:s3cr3t-pw@db.example/rr' });
    expect(wrongScheme.message).toMatch(/^DATABASE_URL: /);
    expect(wrongScheme.message).not.toContain('s3cr3t-pw');
    expect(wrongScheme.message).toContain('admin');

    // A postgres URL that is not a URL at all (bad port) must not leak its password either.
    const unparsable = configErrorFor({ DATABASE_URL: 'postgres://admin:s3cr3t-pw@db.example:99999999/rr' });
    expect(unparsable.message).toMatch(/^DATABASE_URL: /);
    expect(unparsable.message).not.toContain('s3cr3t-pw');
  });
});
