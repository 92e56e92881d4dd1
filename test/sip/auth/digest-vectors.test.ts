import { describe, expect, it } from 'vitest';
import { computeDigestResponse, computeHa1, digestHash, parseCredentials, type DigestAlgorithm } from '../../../src/sip/index.ts';

// The published examples, hashed by computeDigestResponse exactly as a server checks them.

describe('RFC 2617 §3.5 example (MD5, qop=auth)', () => {
  it('gives the published response for Mufasa / "Circle Of Life"', () => {
    const response = computeDigestResponse({
      algorithm: 'MD5',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      secret: { password: 'Circle Of Life' },
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });
});

describe('RFC 7616 §3.9.1 examples (Mufasa / "Circle of Life")', () => {
  const common = {
    username: 'Mufasa',
    realm: 'http-auth@example.org',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    qop: 'auth' as const,
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };
  const published: [DigestAlgorithm, string][] = [
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
  ];

  it.each(published)('%s gives the published response from the password', (algorithm, expected) => {
    expect(computeDigestResponse({ ...common, algorithm, secret: { password: 'Circle of Life' } })).toBe(expected);
  });

  it.each(published)('%s gives the same response from a stored HA1 (upper-case hex accepted)', (algorithm, expected) => {
    const ha1 = digestHash(algorithm, 'Mufasa:http-auth@example.org:Circle of Life').toUpperCase();
    expect(computeDigestResponse({ ...common, algorithm, secret: { ha1 } })).toBe(expected);
  });

  it('reads the SHA-256 Authorization of the example into the directives that were hashed', () => {
    const parsed = parseCredentials(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
    if (!parsed.ok || parsed.value.kind !== 'digest') throw new Error('expected Digest credentials');
    const c = parsed.value;
    const recomputed = computeDigestResponse({
      algorithm: 'SHA-256',
      username: c.username,
      realm: c.realm,
      secret: { password: 'Circle of Life' },
      method: 'GET',
      uri: c.uri,
      nonce: c.nonce,
      qop: 'auth',
      nc: c.nc!,
      cnonce: c.cnonce!,
    });
    expect(recomputed).toBe(c.response);
  });
});

describe('-sess and qop-less forms', () => {
  it('hashes nonce and cnonce into HA1 for -sess (RFC 7616 §3.4.2)', () => {
    const input = { username: 'u', realm: 'r', secret: { password: 'p' }, method: 'REGISTER', uri: 'sip:r', nonce: 'n', cnonce: 'c' };
    const plain = digestHash('SHA-256', 'u:r:p');
    expect(computeHa1({ ...input, algorithm: 'SHA-256' })).toBe(plain);
    expect(computeHa1({ ...input, algorithm: 'SHA-256-sess' })).toBe(digestHash('SHA-256', `${plain}:n:c`));
  });

  it('uses H(HA1:nonce:HA2) without qop (RFC 2617 §3.2.2.1, RFC 2069 compatibility)', () => {
    const ha1 = digestHash('MD5', 'Mufasa:testrealm@host.com:Circle Of Life');
    const ha2 = digestHash('MD5', 'GET:/dir/index.html');
    const response = computeDigestResponse({
      algorithm: 'MD5',
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      secret: { password: 'Circle Of Life' },
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    });
    expect(response).toBe(digestHash('MD5', `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${ha2}`));
  });
});
