/**
 * The reference deployment (deploy/compose.yaml) against the Compose specification's
 * JSON schema (vendored: see README.md here), so a typo fails `npm test` rather than a
 * member state's first `docker compose up`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import composeSpec from '../../neo4j/compose-spec.json';

const COMPOSE_FILE = join(__dirname, '..', '..', '..', 'deploy', 'compose.yaml');

// The schema names draft-07 by an https URI Ajv does not know; it uses draft-07 keywords only.
const { $schema: _draft, ...schema } = composeSpec as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** The schema's complaints about a Compose file's text, one line each (anchors and `<<` merges resolved, as Compose does). */
function composeErrors(text: string): string[] {
  const document = parse(text, { merge: true });
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

const deployment = readFileSync(COMPOSE_FILE, 'utf8');

test('deploy/compose.yaml follows the Compose specification', () => {
  expect(composeErrors(deployment)).toEqual([]);
});

describe('the check itself', () => {
  test('a misspelt service key is reported, with where it is', () => {
    const typo = deployment.replace('    depends_on:\n      neo4j-ar:', '    depend_on:\n      neo4j-ar:');
    expect(typo).not.toBe(deployment);
    expect(composeErrors(typo).join('\n')).toMatch(/\/services\/member-ar must NOT have additional properties.*depend_on/);
  });

  test('a value outside the specification is reported', () => {
    const wrong = deployment.replace('condition: service_healthy', 'condition: service_ready');
    expect(wrong).not.toBe(deployment);
    expect(composeErrors(wrong).join('\n')).toMatch(/\/services\/member-ar\/depends_on\/neo4j-ar\/condition must be equal to one of the allowed values/);
  });

  test('a mistake inside a shared anchor is reported on every service that merges it', () => {
    const wrong = deployment.replace('  stop_grace_period: 60s\n', '  stop_grace_period: 60s\n  restart_policy: always\n');
    expect(wrong).not.toBe(deployment);
    const errors = composeErrors(wrong).join('\n');
    for (const service of ['neo4j-ar', 'neo4j-co', 'neo4j-pe']) expect(errors).toContain(`/services/${service} must NOT have additional properties`);
  });
});
