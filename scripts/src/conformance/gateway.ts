/**
 * The gateway suite: it serves the network's supergraph (every root field accepted), checks tokens
 * itself (a token of an issuer the network does not trust is refused), production mode and limits.
 * Its hop assertions are checked where they are verified, by each member's suite.
 */
import { generateKeyPair, SignJWT } from 'jose';
import { AUDIENCE, SECRETARIAT_COUNTRY } from '@enlace/platform';
import { codesOf, post, type Caller } from './client';
import { checkHardening } from './hardening';
import type { Report } from './report';
import { gatewayRootFieldProblems } from './schema';
import type { LocalIssuer } from './testIdentity';

export async function runGatewaySuite(report: Report, url: string, issuer: LocalIssuer): Promise<void> {
  const staff: Caller = {
    name: 'secretariat staff', country: SECRETARIAT_COUNTRY, purpose: 'Conformance check', caseRef: 'CONFORMANCE',
    token: await issuer.mint({ subject: 'conformance-secretariat-staff', country: SECRETARIAT_COUNTRY, roles: ['secretariat'], organisation: 'Enlace conformance check', expiresIn: '1h' }),
  };
  await report.run('identity', 'the suite\'s caller is accepted (the conformance issuer is trusted for this run)', async () => {
    const a = await post(url, '{ __typename }', {}, { caller: staff });
    return a.status === 200 ? [] : [`${a.status} ${codesOf(a).join(',')}: run \`npm run kit -- trust --dir <gateway dir> --add-conformance …\` and restart it`];
  });
  await report.run('identity', 'a token signed by a key the network does not trust is refused (401)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ country: SECRETARIAT_COUNTRY, roles: ['secretariat'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' }).setIssuer(issuer.entry.issuer).setAudience(AUDIENCE).setSubject('forger')
      .setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey);
    const a = await post(url, '{ __typename }', {}, { caller: { ...staff, token: forged } });
    return a.status === 401 ? [] : [`answered ${a.status}`];
  });
  await report.run('schema', 'every root field of the network\'s supergraph is accepted', () => gatewayRootFieldProblems(url, staff));
  await checkHardening(report, url, staff, 'persns { id }');
}
