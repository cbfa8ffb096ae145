/**
 * The gateway stores nothing, so it must not load the store adapters: Kùzu's native module
 * (address space, a native build per platform) or neo4j-driver. They live in @enlace/store,
 * which only the members, the secretariat and the scripts depend on. Checked on the built
 * gateway in a fresh Node process (jest's own module registry would hide what Node loads).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const ADAPTERS = ['kuzu', 'neo4j-driver'];

/** Every package a fresh process loads (by name, from node_modules or a workspace's dist) when it requires `entry`. */
function packagesLoadedBy(entry: string): string[] {
  const probe = `
    const Module = require('node:module');
    const requested = new Set();
    const load = Module._load;
    Module._load = function (request, ...rest) { requested.add(request); return load.call(this, request, ...rest); };
    require(${JSON.stringify(entry)});
    const files = Object.keys(require.cache);
    const names = new Set([...requested].filter((r) => !r.startsWith('.') && !r.startsWith('/') && !r.startsWith('node:')));
    for (const f of files) {
      const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(f.slice(f.lastIndexOf('node_modules')));
      if (m) names.add(m[1].replace(/\\\\/g, '/'));
    }
    process.stdout.write(JSON.stringify([...names].sort()));
    process.exit(0);
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8', env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true' } }));
}

const dependenciesOf = (pkg: string): string[] => {
  const json = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  return Object.keys({ ...json.dependencies, ...json.devDependencies });
};

describe('the gateway does not load the store adapters', () => {
  it('requiring the built gateway loads neither kuzu nor neo4j-driver', () => {
    const loaded = packagesLoadedBy('./gateway/dist/index.js');
    // The probe saw the gateway's own dependencies, so an empty answer cannot pass for a clean one.
    expect(loaded).toEqual(expect.arrayContaining(['@apollo/gateway', '@enlace/platform']));
    expect(loaded.filter((p) => ADAPTERS.includes(p) || p === '@enlace/store')).toEqual([]);
  });

  it('the same probe finds them where they are loaded: @enlace/store', () => {
    expect(packagesLoadedBy('./store/dist/index.js')).toEqual(expect.arrayContaining(ADAPTERS));
  });

  it('neither the gateway nor the packages it depends on list them or @enlace/store', () => {
    for (const pkg of ['gateway', 'platform', 'schema']) {
      expect({ pkg, listed: dependenciesOf(pkg).filter((d) => ADAPTERS.includes(d) || d === '@enlace/store') }).toEqual({ pkg, listed: [] });
    }
    // The workspace packages the gateway depends on are exactly those checked above.
    expect(dependenciesOf('gateway').filter((d) => d.startsWith('@enlace/')).sort()).toEqual(['@enlace/platform', '@enlace/schema']);
  });
});
