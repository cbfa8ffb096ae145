/**
 * Writes docs/ERRORS.md, the list of error codes, from the registry in
 * @enlace/platform (`npm run docs:errors`); a test fails when the page is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, type ErrorCodeDefinition } from '@enlace/platform';

export const errorDocsPath = join(__dirname, '..', '..', 'docs', 'ERRORS.md');

const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(entries: Array<[string, ErrorCodeDefinition]>): string {
  const rows = entries.map(([code, d]) =>
    `| \`${code}\` | ${d.status} | ${d.emittedBy.join(', ')} | ${(d.extensions ?? []).map((e) => `\`${e}\``).join(', ')} | ${cell(d.meaning)} |`,
  );
  return ['| code | HTTP status | sent by | extensions | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderErrorDocs(): string {
  const entries = Object.entries<ErrorCodeDefinition>(ERROR_CODES);
  return `<!-- Generated from platform/src/errorCodes.ts by \`npm run docs:errors\`; do not edit. -->
# Error codes

Every error the network answers carries \`extensions.code\`, one of the codes below. A
field error (status 200) comes beside the rest of the data: the field is \`null\` and the
error's \`path\` points at it. A request refused before GraphQL runs carries the status
given. Messages are written for people and may change; act on the code.

## Enlace's codes

${table(entries.filter(([, d]) => !d.apollo))}

## Apollo Server's codes

Raised by Apollo Server in every process, before the query runs.

${table(entries.filter(([, d]) => d.apollo))}
`;
}

if (require.main === module) {
  writeFileSync(errorDocsPath, renderErrorDocs());
  console.log(`wrote ${errorDocsPath}`);
}
