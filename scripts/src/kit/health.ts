/** `kit health --dir D`: asks the directory's process for /ready on loopback (a container's or a monitor's check). */
import { readEnvFile } from './envFile';
import { readManifest } from './layout';

export async function readyCode(dir: string): Promise<number> {
  const { manifest, paths } = readManifest(dir);
  const port = readEnvFile(paths.env).get('PORT');
  try {
    const res = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(5000) });
    console.log(`${manifest.process} on port ${port}: /ready ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.ok ? 0 : 1;
  } catch (err) {
    console.log(`${manifest.process} on port ${port}: no answer (${(err as Error).message})`);
    return 1;
  }
}
