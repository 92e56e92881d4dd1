import { describe, expect, it } from 'vitest';
import { sippInstalled } from '../../sip/interop/support/sipp-process.ts';

const haveSipp = sippInstalled();
/** CI installs sipp (Debian's sip-tester), so there a missing sipp is a failure, not a skip. */
const mustHaveSipp = process.env.CI !== undefined && process.env.CI !== '';

/**
 * `describe` for tests that need sipp: without it (and outside CI) one visible skipped test says why;
 * under CI the first test fails when sipp is missing.
 */
export function describeWithSipp(name: string, body: () => void): void {
  if (!haveSipp && !mustHaveSipp) {
    describe(name, () => {
      it.skip('needs sipp (apt-get install sip-tester): not installed, so these tests are skipped', () => {});
    });
    return;
  }
  describe(name, () => {
    it('has sipp installed (required when CI is set)', () => {
      expect(haveSipp).toBe(true);
    });
    body();
  });
}
