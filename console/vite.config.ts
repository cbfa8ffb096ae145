// The console is built once, at build time, into dist/, which the gateway serves at /console
// (gateway/src/console.ts). Everything it needs is in the build: no CDN, no web fonts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { missingWords } from './src/words/check.ts';
import { protocolModule, type ProtocolDocument } from './src/words/protocol.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const schemaDir = join(here, '..', 'schema');
// The protocol version the network enforces (@enlace/schema's PROTOCOL_VERSION; tests/console/words.test.ts checks they agree).
export const PROTOCOL_FILE = 'v1.json';
const PROTOCOL_MODULE = 'virtual:enlace-protocol';

const sourcesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesOf(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [readFileSync(join(dir, e.name), 'utf8')] : []));

/**
 * The words every language needs, checked at build (words/check.ts): a missing one fails
 * `npm run build`. And the protocol's rule titles and descriptions, with which rule guards
 * which field, as a module (`virtual:enlace-protocol`) read from schema/protocol at build: no copy to keep.
 */
function protocolWords(): Plugin {
  const read = () => JSON.parse(readFileSync(join(schemaDir, 'protocol', PROTOCOL_FILE), 'utf8')) as ProtocolDocument;
  return {
    name: 'enlace-protocol-words',
    buildStart() {
      const problems = missingWords({
        sdls: ['member.graphql', 'secretariat.graphql'].map((f) => readFileSync(join(schemaDir, f), 'utf8')),
        protocol: read(),
        sources: sourcesOf(join(here, 'src')),
      });
      if (problems.length) this.error(`Words missing in the console (console/src/words, schema/protocol/${PROTOCOL_FILE}):\n  ${problems.join('\n  ')}`);
    },
    resolveId: (id) => (id === PROTOCOL_MODULE ? `\0${PROTOCOL_MODULE}` : null),
    load(id) {
      if (id !== `\0${PROTOCOL_MODULE}`) return null;
      // One module of constants (protocol.ts says what each is).
      return Object.entries(protocolModule(read())).map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`).join('\n');
    },
  };
}

export default defineConfig({
  base: '/console/',
  plugins: [react(), protocolWords()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No data: URLs: the gateway's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    // Browsers of the last few years (ES2022): smaller output, no polyfills.
    target: 'es2022',
    // pdfmake (the case file's PDF, ~1 MB) is a chunk of its own, loaded on the first PDF export only.
    chunkSizeWarningLimit: 1024,
  },
});
