/**
 * The secretariat suite: its schema, its protocol section's rules on the caller (staff only, a
 * member's own system only) for every role and caller country, production mode and limits.
 * JITs and links need the agreement of two member states, and the secretariat's records cannot be
 * erased, so the suite creates none: that is said in the report.
 */
import { SECRETARIAT_COUNTRY, type Role } from '@enlace/platform';
import { codesOf, post, type Caller } from './client';
import { checkHardening } from './hardening';
import type { Report } from './report';
import { compositionProblems, servedSdl } from './schema';
import { TEST_FOREIGN_MEMBER, TEST_PARTNER, type LocalIssuer } from './testIdentity';

interface SuiteCaller extends Caller {
  roles: Role[];
}

export async function runSecretariatSuite(report: Report, url: string, issuer: LocalIssuer): Promise<void> {
  const callerOf = async (name: string, country: string, roles: Role[]): Promise<SuiteCaller> => ({
    name, country, roles, purpose: 'Conformance check', caseRef: 'CONFORMANCE',
    token: await issuer.mint({ subject: `conformance-${name.replace(/\W+/g, '-')}`, country, roles, organisation: 'Enlace conformance check', expiresIn: '1h' }),
  });
  const staff = await callerOf('secretariat staff', SECRETARIAT_COUNTRY, ['secretariat']);
  const callers = [
    staff,
    await callerOf('secretariat auditor', SECRETARIAT_COUNTRY, ['auditor']),
    await callerOf('member prosecutor', TEST_FOREIGN_MEMBER, ['prosecutor']),
    await callerOf('member analyst', TEST_FOREIGN_MEMBER, ['analyst']),
    await callerOf('partner', TEST_PARTNER, ['partner']),
  ];
  await report.run('identity', 'the suite\'s callers are accepted (the conformance issuer is trusted for this run)', async () => {
    const problems: string[] = [];
    for (const c of callers) {
      const a = await post(url, '{ __typename }', {}, { caller: c });
      if (a.status !== 200) problems.push(`${c.name} (${c.country}): ${a.status} ${codesOf(a).join(',')}: run \`npm run kit -- trust --dir <secretariat dir> --add-conformance …\` and restart it`);
    }
    return problems;
  });
  await report.run('schema', 'its SDL composes with the member schema into the network\'s supergraph', async () => compositionProblems(await servedSdl(url, staff), 'secretariat'));
  await report.run('protocol', 'the directory answers everyone; the cooperation overview staff alone; audit heads and grants a member\'s own system alone', async () => {
    const problems: string[] = [];
    for (const c of callers) {
      const directory = await post(url, '{ memberStates { country } }', {}, { caller: c });
      if (!Array.isArray(directory.body?.data?.memberStates)) problems.push(`${c.name}: memberStates answered ${codesOf(directory).join(',')}`);
      const overview = await post(url, '{ cooperationOverview { overdue { id } } }', {}, { caller: c });
      const isStaff = c.country === SECRETARIAT_COUNTRY && c.roles.includes('secretariat');
      if (!isStaff && overview.body?.data?.cooperationOverview) problems.push(`${c.name}: read the cooperation overview (rule cooperation.overview: staff only)`);
      if (isStaff && !overview.body?.data?.cooperationOverview) report.note('protocol', 'staff could not read the cooperation overview', [codesOf(overview).join(',')]);
      for (const query of [`{ auditHead(country: "${TEST_FOREIGN_MEMBER}") { seq } }`, '{ cooperationGrants { id } }']) {
        const a = await post(url, query, {}, { caller: c });
        if (!codesOf(a).includes('FORBIDDEN')) problems.push(`${c.name}: ${query} was not refused with FORBIDDEN (rule audit.head / cooperation.grants: a member's service only)`);
      }
    }
    return problems;
  });
  report.note('records', 'the suite creates no JIT, link or request at the secretariat', [
    'they need the agreement of two member states and cannot be erased; the member suites and `npm run audit -- verify --country XS` cover the rest',
  ]);
  await checkHardening(report, url, staff, 'memberStats { country }');
}
