/** One error vocabulary: the registry, its generated page, and no code sent or tested for outside it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GraphQLError } from 'graphql';
import { badInput, codedError, ERROR_CODES, isErrorCode, makeFormatError } from '@enlace/platform';
import { errorDocsPath, renderErrorDocs } from '@enlace/scripts/errorDocs';

const root = join(__dirname, '..', '..');
const SOURCE_DIRS = ['gateway/src', 'subgraphs', 'scripts/src', 'schema/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The error codes a source text writes (`code: 'X'`) or tests for (`extensions?.code === 'X'`). */
function codesIn(text: string): string[] {
  const written = /\bcode:\s*(['"`])([A-Z][A-Z0-9_]*)\1/g;
  const compared = /extensions\??\.code\s*[!=]==?\s*(['"`])([A-Z][A-Z0-9_]*)\1/g;
  return [...text.matchAll(written), ...text.matchAll(compared)].map((m) => m[2]);
}

test('docs/ERRORS.md is what the registry makes', () => {
  let committed = '';
  try {
    committed = readFileSync(errorDocsPath, 'utf8');
  } catch {
    // A missing page is stale too.
  }
  if (committed !== renderErrorDocs()) throw new Error('docs/ERRORS.md is stale: run `npm run docs:errors`');
});

test('the page lists every registered code once', () => {
  const page = renderErrorDocs();
  for (const code of Object.keys(ERROR_CODES)) expect(page.split(`| \`${code}\` |`)).toHaveLength(2);
});

test('the scan finds written and compared codes', () => {
  expect(codesIn(`extensions: { code: 'NOPE_ONE', country }`)).toEqual(['NOPE_ONE']);
  expect(codesIn(`e.extensions?.code !== "NOPE_TWO"`)).toEqual(['NOPE_TWO']);
  expect(codesIn(`if (err.code === 'ENOENT') return;`)).toEqual([]);
});

test('no source file writes or tests for an error code missing from the registry', () => {
  const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(root, dir)));
  const found = files.flatMap((file) => codesIn(readFileSync(file, 'utf8')).map((code) => ({ file: relative(root, file), code })));
  // The scan sees the network's codes (the gateway writes MEMBER_UNAVAILABLE as a literal), so an empty result means something.
  expect(found.map((f) => f.code)).toContain('MEMBER_UNAVAILABLE');
  const unregistered = found.filter((f) => !isErrorCode(f.code)).map((f) => `${f.file}: ${f.code}`);
  expect(unregistered).toEqual([]);
});

describe('errors built from the registry', () => {
  test('badInput names the field, with the registered code and no stack frames', () => {
    const err = badInput('countries', 'XX is not a member');
    expect(err.message).toBe('countries: XX is not a member');
    expect(err.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'countries' });
    expect(err.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([]);
  });

  test('formatError keeps client messages and masks the rest', () => {
    const logged: string[] = [];
    const format = makeFormatError((m) => logged.push(m));
    const shown = codedError('RATE_LIMITED', 'Hit/no-hit budget spent', { limit: 60 });
    expect(format({ message: shown.message, extensions: { ...shown.extensions, stacktrace: ['x'] } }, shown)).toEqual({
      message: 'Hit/no-hit budget spent',
      extensions: { code: 'RATE_LIMITED', limit: 60 },
    });
    for (const code of ['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR', undefined]) {
      const err = new GraphQLError('connect ECONNREFUSED 10.0.0.7:7687');
      const formatted = format({ message: err.message, extensions: code ? { code } : undefined }, err);
      expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    expect(logged).toHaveLength(3);
  });
});
