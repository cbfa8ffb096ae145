import { readFileSync } from 'node:fs';
import { supergraphPath } from '@enlace/schema';
import { composeSupergraph } from '@enlace/scripts/compose';

test('the committed supergraph is what composition makes of the subgraph SDLs, without errors', () => {
  // composeSupergraph throws on composition errors.
  expect(readFileSync(supergraphPath, 'utf8')).toBe(composeSupergraph());
});
