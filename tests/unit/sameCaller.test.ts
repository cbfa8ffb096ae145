/**
 * The one notion of "the same caller" (DESIGN.md: issuer, subject and country)
 * and the seal of hit/no-hit references built on it, including references
 * sealed in the earlier format (bound to issuer and subject only).
 */
import { callerIdentity, callerKey, sameCaller } from '@enlace/platform';
import { HitReferences, isRetiredReference } from '@enlace/member';
import { sealedTheOldWay } from '../support/oldHitReference';

const ISSUER = 'https://idp.network.example';
const CO = { issuer: ISSUER, subject: 'alice', country: 'CO' };

describe('sameCaller and callerKey', () => {
  test('the same issuer, subject and country is the same caller, whatever else the token says', () => {
    expect(sameCaller(CO, { ...CO })).toBe(true);
    expect(sameCaller(CO, { ...CO, roles: ['prosecutor'], organisation: 'Fiscalía' } as typeof CO)).toBe(true);
    expect(callerKey(callerIdentity({ ...CO, roles: ['analyst'] } as typeof CO))).toBe(callerKey(CO));
  });

  test.each([
    ['another country (one issuer vouching for several)', { ...CO, country: 'PE' }],
    ['another subject', { ...CO, subject: 'bob' }],
    ['another issuer', { ...CO, issuer: 'https://idp.other.example' }],
  ])('%s is another caller', (_why, other) => {
    expect(sameCaller(CO, other)).toBe(false);
    expect(callerKey(CO)).not.toBe(callerKey(other));
  });

  test('no subject can run into the next part: the key is one string per caller', () => {
    const pairs = [
      [{ issuer: 'a b', subject: 'c', country: 'CO' }, { issuer: 'a', subject: 'b c', country: 'CO' }],
      [{ issuer: 'a', subject: 'b\u0000CO', country: 'PE' }, { issuer: 'a', subject: 'b', country: 'CO\u0000PE' }],
      [{ issuer: 'a', subject: 'b","CO', country: 'PE' }, { issuer: 'a', subject: 'b', country: 'CO","PE' }],
    ];
    for (const [x, y] of pairs) {
      expect(callerKey(x)).not.toBe(callerKey(y));
      expect(sameCaller(x, y)).toBe(false);
    }
  });
});

describe('hit/no-hit references are sealed for the whole caller', () => {
  const key = HitReferences.randomKey();
  const refs = new HitReferences(key);

  test('a reference sealed for CO opens for CO, not for the same issuer and subject in PE', () => {
    const reference = refs.seal('AR:P:0aa79jf', CO, 5_000);
    expect(reference.startsWith('HNH2.')).toBe(true);
    expect(refs.open(reference, CO)).toEqual({ recordId: 'AR:P:0aa79jf', issuedAt: 5_000 });
    expect(refs.open(reference, { ...CO, country: 'PE' })).toBeNull();
  });

  test('a reference sealed the earlier way opens for nobody, not its holder, nor another country, even relabelled', () => {
    const old = sealedTheOldWay(key, 'AR:P:0aa79jf', CO);
    expect(isRetiredReference(old)).toBe(true);
    const relabelled = sealedTheOldWay(key, 'AR:P:0aa79jf', CO, 'HNH2.');
    expect(isRetiredReference(relabelled)).toBe(false);
    for (const reference of [old, relabelled]) {
      for (const country of ['CO', 'PE']) expect(refs.open(reference, { ...CO, country })).toBeNull();
    }
  });
});
