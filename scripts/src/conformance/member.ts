/**
 * The member suite, black-box against one member's URL: its schema, then records it creates as the
 * member's own prosecutor (fixtures.ts), read by every role of the member's own country, of another
 * member (QZ), of the secretariat and of a partner (QP), each answer judged by the protocol oracle;
 * the gateway's assertion required of foreign callers; production mode and limits; the audit log
 * holding the suite's reads; and the records erased at the end, whatever failed.
 *
 * A member may tighten the protocol for its own data, never loosen it: a read the network's
 * protocol withholds is a failure, a read it grants and the member withholds is a note.
 */
import { SECRETARIAT_COUNTRY, type HopSigner, type Role } from '@enlace/platform';
import { loadProtocol } from '@enlace/member';
import { codesOf, post, type Answer, type Caller, type CallOptions } from './client';
import { caseFacts, HANDLING, PERSON_FIXTURES, personFacts, runTag, strayPersonFacts, type Created } from './fixtures';
import { checkHardening } from './hardening';
import { grants, knows, type OracleContext } from './oracle';
import type { Report } from './report';
import { compositionProblems, servedSdl } from './schema';
import { TEST_FOREIGN_MEMBER, TEST_PARTNER, type LocalIssuer } from './testIdentity';

interface SuiteCaller extends Caller {
  roles: Role[];
  subject: string;
}

/** Subselections for fields of object type, so that list contents can be looked at. */
const SUBSELECTION: Record<string, string> = {
  'Person.documents': '{ number }',
  'Person.involvements': '{ category case { id } }',
  'Person.cases': '{ id }',
  'Case.involved': '{ category person { id } }',
  'Case.routes': '{ id }',
  'Person.accounts': '{ id }',
  'Case.transfers': '{ id }',
  'Case.transfersPage': '{ count }',
};

export async function runMemberSuite(report: Report, url: string, issuer: LocalIssuer): Promise<void> {
  const health = await fetch(new URL('health', url), { signal: AbortSignal.timeout(10_000) }).then((r) => r.json() as Promise<{ member?: string; protocol?: string }>);
  const owner = health.member;
  if (!owner) throw new Error(`${url} is not a member (its /health names no member)`);
  report.target.country = owner;
  const protocol = loadProtocol();
  const ctx: OracleContext = { protocol, owner };
  const tag = runTag();
  const purpose = 'Conformance check';
  const caseRef = `CONFORMANCE-${tag.toUpperCase()}`;
  const signer: HopSigner = await issuer.hopSigner();

  const callerOf = async (name: string, country: string, roles: Role[]): Promise<SuiteCaller> => {
    const subject = `conformance-${tag}-${name.replace(/\W+/g, '-')}`;
    return { name, country, roles, subject, purpose, caseRef, token: await issuer.mint({ subject, country, roles, organisation: 'Enlace conformance check', expiresIn: '1h' }) };
  };
  const callers: SuiteCaller[] = [
    await callerOf('own prosecutor', owner, ['prosecutor']),
    await callerOf('own analyst', owner, ['analyst']),
    await callerOf('own auditor', owner, ['auditor']),
    await callerOf('foreign prosecutor', TEST_FOREIGN_MEMBER, ['prosecutor']),
    await callerOf('foreign analyst', TEST_FOREIGN_MEMBER, ['analyst']),
    await callerOf('foreign auditor', TEST_FOREIGN_MEMBER, ['auditor']),
    await callerOf('secretariat', SECRETARIAT_COUNTRY, ['secretariat']),
    await callerOf('partner', TEST_PARTNER, ['partner']),
  ];
  const [ownProsecutor, ownAnalyst, ownAuditor, foreignProsecutor] = callers;
  /** Every caller of another country comes as the gateway brings it: with an assertion for this member. */
  const ask = (caller: SuiteCaller, query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}): Promise<Answer> =>
    post(url, query, variables, { caller, hop: caller.country === owner ? null : { signer, member: owner }, ...options });

  await report.run('identity', `/health names the member (${owner}) and the network's protocol v1`, async () =>
    health.protocol === 'v1' ? [] : [`/health says protocol ${health.protocol}`]);
  await report.run('identity', 'the suite\'s callers are accepted (the conformance issuer is trusted for this run)', async () => {
    const problems: string[] = [];
    for (const c of callers) {
      const a = await ask(c, '{ __typename }');
      if (a.status !== 200) problems.push(`${c.name} (${c.country}): ${a.status} ${codesOf(a).join(',')}: run \`npm run kit -- trust --dir <member dir> --add-conformance …\` and restart it`);
    }
    return problems;
  });
  await report.run('schema', 'its SDL composes with the secretariat\'s into the network\'s supergraph', async () => compositionProblems(await servedSdl(url, ownProsecutor), 'members'));

  const created: { persons: Created[]; cases: Created[] } = { persons: [], cases: [] };
  try {
    await report.run('records', `the member's own prosecutor records ${PERSON_FIXTURES.length} persons and ${HANDLING.length} cases (tag ${tag})`, async () => createFixtures(ask, ownProsecutor, tag, owner, created));
    if (created.persons.length === PERSON_FIXTURES.length) {
      await report.run('protocol', 'every field of every record, for every role and caller country, at most what the protocol grants', async () => {
        const problems: string[] = [];
        const tighter: string[] = [];
        const judged = { granted: 0, withheld: 0 };
        for (const caller of callers) await judgeRecords(ask, ctx, caller, created, problems, tighter, judged);
        if (tighter.length) report.note('protocol', 'reads the network\'s protocol grants and this member withholds (a tightening, allowed)', tighter);
        // A suite that saw no denial, or no grant, judged nothing.
        if (!judged.granted || !judged.withheld) problems.push(`the reads judged were ${judged.granted} granted and ${judged.withheld} withheld by the protocol: both must occur`);
        return problems;
      });
      await report.run('protocol', 'a name search lists only persons the caller may know of and whose names it may read', async () => {
        const problems: string[] = [];
        for (const caller of callers) {
          const a = await ask(caller, 'query($n: String!) { persons(filter: { name: $n }, first: 100) { id } }', { n: tag });
          const allowed = new Set(created.persons.filter((p) => knows(ctx, caller, p.facts) && grants(ctx, 'person.identity', caller, p.facts)).map((p) => p.facts.id));
          for (const p of a.body?.data?.persons ?? []) if (!allowed.has(p.id)) problems.push(`${caller.name}: listed ${labelOf(created, p.id)}`);
        }
        return problems;
      });
      // Which persons a hit reports (person.hit) needs pseudonyms only the network's evaluator makes, which this check
      // cannot ask for: tests/protocol/matrix checks it on a whole network. Here: a number in clear is never looked up.
      await report.run('protocol', 'hit/no-hit takes pseudonyms only: a document number in clear is BAD_USER_INPUT, never echoed', async () => {
        const problems: string[] = [];
        for (const caller of callers) {
          const p = created.persons.find((x) => x.document);
          if (!p?.document) continue;
          const a = await ask(caller, 'query($p: String!) { documentHits(pseudonym: $p) { country hit reference } }', { p: p.document });
          const codes = (a.body?.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
          if (!codes.includes('BAD_USER_INPUT') && !codes.includes('PURPOSE_REQUIRED') && !codes.includes('FORBIDDEN')) problems.push(`${caller.name}: a number in clear was looked up (${JSON.stringify(a.body?.data ?? null)})`);
          if (JSON.stringify(a.body ?? {}).includes(p.document)) problems.push(`${caller.name}: the answer repeats the number asked`);
        }
        return problems;
      });
      await report.run('protocol', 'protected reads need a purpose and a case reference (PURPOSE_REQUIRED)', async () => {
        const a = await ask(ownProsecutor, 'query($id: ID!) { person(id: $id) { id } }', { id: created.persons[0].facts.id }, { noPurpose: true });
        return codesOf(a).includes('PURPOSE_REQUIRED') && !a.body?.data?.person ? [] : [`without a purpose: ${JSON.stringify(a.body?.data)} ${codesOf(a).join(',')}`];
      });
      await report.run('protocol', 'only the owner\'s prosecutors and analysts write, only its prosecutors erase', async () => {
        const problems: string[] = [];
        for (const caller of callers.filter((c) => !(c.country === owner && (c.roles.includes('prosecutor') || c.roles.includes('analyst'))))) {
          const a = await ask(caller, 'mutation($i: PersonInput!) { createPerson(input: $i) { id } }', { i: { givenNames: 'Intruso', familyNames: `Conformidad ${tag}` } });
          if (a.body?.data?.createPerson) {
            problems.push(`${caller.name} recorded a person`);
            // Erased at the end with the rest (by the owner's prosecutor).
            created.persons.push({ label: `person recorded by the ${caller.name}`, facts: strayPersonFacts(a.body.data.createPerson.id) });
          } else if (!codesOf(a).includes('FORBIDDEN')) problems.push(`${caller.name}: refused without FORBIDDEN (${a.status} ${codesOf(a).join(',')})`);
        }
        const erase = await ask(ownAnalyst, 'mutation($id: ID!) { erasePerson(personId: $id) { id } }', { id: created.persons[0].facts.id });
        if (erase.body?.data?.erasePerson) problems.push('the own analyst erased a person');
        return problems;
      });
      await report.run('gateway assertion', 'a foreign caller is served only with the gateway\'s assertion for this member, over exactly this request, once', async () =>
        hopProblems(url, foreignProsecutor, signer, owner, created.persons[0].facts.id));
      await report.run('audit', 'the audit log holds the suite\'s reads, with each caller', async () => auditProblems(ask, ctx, ownAuditor, callers, created));
    }
  } finally {
    await report.run('records', 'the suite\'s records are erased', async () => eraseFixtures(ask, ownProsecutor, created));
  }
  await checkHardening(report, url, ownProsecutor, 'persns { id }');
}

type Ask = (caller: SuiteCaller, query: string, variables?: Record<string, unknown>, options?: CallOptions) => Promise<Answer>;

const labelOf = (created: { persons: Created[]; cases: Created[] }, id: string) =>
  [...created.persons, ...created.cases].find((r) => r.facts.id === id)?.label ?? `a record not made by this run (${id})`;

async function createFixtures(ask: Ask, owner: SuiteCaller, tag: string, country: string, created: { persons: Created[]; cases: Created[] }): Promise<string[]> {
  const problems: string[] = [];
  const persons: string[] = [];
  for (const [i, fixture] of PERSON_FIXTURES.entries()) {
    const document = `CF${tag.toUpperCase()}${i}`;
    const a = await ask(owner, 'mutation($i: PersonInput!) { createPerson(input: $i) { id } }', {
      i: { givenNames: `Prueba ${String.fromCharCode(65 + i)}`, familyNames: `Conformidad ${tag}`, dateOfBirth: fixture.dateOfBirth, documents: [{ type: 'PASSPORT', number: document, issuingCountry: country }] },
    });
    const id = a.body?.data?.createPerson?.id;
    if (!id) return [...problems, `could not record the ${fixture.label}: ${a.status} ${codesOf(a).join(',')} ${a.body?.errors?.[0]?.message ?? ''}`];
    persons.push(id);
  }
  const caseIds = {} as Record<(typeof HANDLING)[number], string>;
  for (const handling of HANDLING) {
    const involved = PERSON_FIXTURES.flatMap((f, i) => f.involvements.filter(([h]) => h === handling).map(([, category]) => ({ personId: persons[i], category })));
    const a = await ask(owner, 'mutation($i: CaseInput!) { createCase(input: $i) { id } }', {
      i: {
        reference: `CONF-${tag.toUpperCase()}-${handling}`, offences: ['TIP'], status: 'INVESTIGATION', openedOn: '2025-01-15',
        summary: `A record of the conformance check ${tag}, erased at its end.`, handlingCode: handling,
        handlingConditions: handling === 'H3' ? 'Only with the owner\'s written consent.' : null, sourceReliability: 'B', informationAccuracy: 2, involved,
      },
    });
    const id = a.body?.data?.createCase?.id;
    if (!id) problems.push(`could not record the ${handling} case: ${a.status} ${codesOf(a).join(',')} ${a.body?.errors?.[0]?.message ?? ''}`);
    caseIds[handling] = id;
    if (id) created.cases.push({ label: `${handling} case`, facts: caseFacts(id, handling) });
  }
  for (const [i, fixture] of PERSON_FIXTURES.entries()) {
    if (fixture.flagged) {
      const a = await ask(owner, 'mutation($id: ID!) { flagForPartners(personId: $id, flagged: true) { id } }', { id: persons[i] });
      if (!a.body?.data?.flagForPartners) problems.push(`could not flag the ${fixture.label} for partners: ${codesOf(a).join(',')}`);
    }
    created.persons.push({ label: fixture.label, facts: personFacts(persons[i], fixture, caseIds), document: `CF${tag.toUpperCase()}${i}` });
  }
  return problems;
}

function selection(ctx: OracleContext, type: 'Person' | 'Case'): string {
  return Object.keys(ctx.protocol.fields[type]).map((f) => `${f} ${SUBSELECTION[`${type}.${f}`] ?? ''}`.trim()).join(' ');
}

/** Reads every protocol field of the suite's records as `caller` and judges each answer. */
async function judgeRecords(
  ask: Ask, ctx: OracleContext, caller: SuiteCaller, created: { persons: Created[]; cases: Created[] }, problems: string[], tighter: string[], judged: { granted: number; withheld: number },
): Promise<void> {
  for (const [kind, records] of [['Person', created.persons], ['Case', created.cases]] as const) {
    const root = kind === 'Person' ? 'person' : 'case';
    for (let start = 0; start < records.length; start += 4) {
      const part = records.slice(start, start + 4);
      const query = `query { ${part.map((r, i) => `r${i}: ${root}(id: "${r.facts.id}") { ...F }`).join(' ')} } fragment F on ${kind} { ${selection(ctx, kind)} }`;
      const a = await ask(caller, query);
      if (a.status !== 200 || !a.body) {
        problems.push(`${caller.name}: reading ${kind.toLowerCase()}s answered ${a.status} ${codesOf(a).join(',')}`);
        continue;
      }
      part.forEach((record, i) => {
        const value = a.body!.data?.[`r${i}`] ?? null;
        const errors = (a.body!.errors ?? []).filter((e) => e.path?.[0] === `r${i}`);
        const who = `${caller.name} on the ${record.label}`;
        if (!knows(ctx, caller, record.facts)) {
          if (value !== null) problems.push(`${who}: the record exists for this caller; the protocol (${ctx.protocol.visibility[kind]}) withholds it`);
          return;
        }
        if (value === null) {
          tighter.push(`${who}: the record is withheld (${errors.map((e) => e.extensions?.code).join(',') || 'null'})`);
          return;
        }
        for (const [field, rule] of Object.entries(ctx.protocol.fields[kind])) {
          const granted = grants(ctx, rule, caller, record.facts);
          judged[granted ? 'granted' : 'withheld']++;
          const denial = errors.find((e) => e.path?.length === 2 && e.path[1] === field && e.extensions?.code === 'FORBIDDEN');
          if (!granted && value[field] !== null && value[field] !== undefined) problems.push(`${who}: read ${kind}.${field}, which rule ${rule} withholds`);
          else if (!granted && denial && denial.extensions?.rule !== rule && !String(denial.extensions?.rule).startsWith(`${rule}@`)) {
            problems.push(`${who}: ${kind}.${field} withheld naming rule ${denial.extensions?.rule}, the protocol's is ${rule}`);
          } else if (granted && denial) tighter.push(`${who}: ${kind}.${field} withheld (${denial.extensions?.rule})`);
        }
      });
    }
  }
}

async function hopProblems(url: string, caller: SuiteCaller, signer: HopSigner, owner: string, personId: string): Promise<string[]> {
  const problems: string[] = [];
  const query = 'query($id: ID!) { person(id: $id) { id } }';
  const body = JSON.stringify({ query, variables: { id: personId } });
  const base: CallOptions = { caller, rawBody: body };
  const sign = (member: string, signedBody = body) => signer.sign({ member, body: signedBody, token: caller.token, purpose: caller.purpose, caseRef: caller.caseRef });
  const refused = async (what: string, options: CallOptions) => {
    const a = await post(url, query, {}, options);
    if (a.status !== 401) problems.push(`${what}: answered ${a.status} instead of 401`);
  };
  await refused('no assertion', base);
  await refused('an assertion for another member', { ...base, hopHeaders: await sign(owner === 'QY' ? 'QX' : 'QY') });
  await refused('an assertion over another query', { ...base, hopHeaders: await sign(owner, body.replace('person(id', 'person( id')) });
  // One fan-out to two members: the other's request (its assertion and nonce) is no good here, though this member's tag is in the list.
  const [forOther] = await signer.signFanOut(caller, [{ member: owner === 'QY' ? 'QX' : 'QY', body }, { member: owner, body }]);
  await refused('another member\'s request of the same fan-out', { ...base, hopHeaders: forOther });
  const valid = await sign(owner);
  const first = await post(url, query, {}, { ...base, hopHeaders: valid });
  if (first.status !== 200) problems.push(`a valid assertion: answered ${first.status} ${codesOf(first).join(',')}`);
  await refused('the same assertion a second time', { ...base, hopHeaders: valid });
  return problems;
}

async function auditProblems(ask: Ask, ctx: OracleContext, auditor: SuiteCaller, callers: SuiteCaller[], created: { persons: Created[] }): Promise<string[]> {
  const problems: string[] = [];
  const record = created.persons[0];
  const a = await ask(auditor, 'query($r: ID!) { auditLog(filter: { record: $r }, first: 200) { caller { subject country } delivered { record } } }', { r: record.facts.id });
  const entries: Array<{ caller: { subject: string; country: string } | null; delivered: Array<{ record: string }> }> | undefined = a.body?.data?.auditLog;
  if (!entries) return [`the own auditor cannot read the audit log: ${a.status} ${codesOf(a).join(',')}`];
  for (const caller of callers.filter((c) => knows(ctx, c, record.facts))) {
    const logged = entries.some((e) => e.caller?.subject === caller.subject && e.caller.country === caller.country && e.delivered.some((d) => d.record === record.facts.id));
    if (!logged) problems.push(`no entry of the ${caller.name}'s read of the ${record.label}`);
  }
  return problems;
}

async function eraseFixtures(ask: Ask, owner: SuiteCaller, created: { persons: Created[]; cases: Created[] }): Promise<string[]> {
  const problems: string[] = [];
  for (const c of created.cases) {
    const a = await ask(owner, 'mutation($id: ID!) { eraseCase(caseId: $id) { id } }', { id: c.facts.id });
    if (!a.body?.data?.eraseCase) problems.push(`the ${c.label} (${c.facts.id}) was not erased: ${codesOf(a).join(',')}`);
  }
  for (const p of created.persons) {
    const a = await ask(owner, 'mutation($id: ID!) { erasePerson(personId: $id) { id } }', { id: p.facts.id });
    if (!a.body?.data?.erasePerson) problems.push(`the ${p.label} (${p.facts.id}) was not erased: ${codesOf(a).join(',')}`);
  }
  for (const r of [...created.persons, ...created.cases]) {
    const a = await ask(owner, `query($id: ID!) { ${r.facts.kind === 'Person' ? 'person' : 'case'}(id: $id) { id } }`, { id: r.facts.id });
    if (a.body?.data?.person ?? a.body?.data?.case) problems.push(`the ${r.label} (${r.facts.id}) still reads after its erasure`);
  }
  return problems;
}
