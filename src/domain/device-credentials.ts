import { createHash } from 'node:crypto';

/**
 * The digest realm of every device credential ringroute stores. HA1 = H(username:realm:password)
 * (RFC 7616 §3.4.2) binds the hash to the realm, so the realm is fixed: changing it would make every
 * stored HA1 useless and every device would need its password again. It is one realm for the whole
 * platform because a device user name is unique on the whole platform.
 */
export const sipRealm = 'ringroute';

export interface DeviceHa1 {
  readonly md5: string;
  readonly sha256: string;
}

/** HA1 for MD5 and SHA-256 (RFC 7616 §3.4.2; RFC 8760 allows SHA-256 for SIP), lower-case hex. */
export function deviceHa1(username: string, password: string, realm: string = sipRealm): DeviceHa1 {
  const a1 = `${username}:${realm}:${password}`;
  return {
    md5: createHash('md5').update(a1, 'utf8').digest('hex'),
    sha256: createHash('sha256').update(a1, 'utf8').digest('hex'),
  };
}
