/**
 * /health says a process is alive; /ready whether it can serve: a member's or the
 * secretariat's store answers, the gateway reaches at least one member (and says
 * which, with latency). Members are stopped and one is started again on its port.
 */
import { KuzuStore } from '@enlace/store';
import { startMember, type RunningMember } from '@enlace/member';
import { startNetwork, type TestNetwork } from '../support/network';

let net: TestNetwork;
let revived: RunningMember | undefined;

beforeAll(async () => {
  net = await startNetwork({ countries: ['AR', 'CO'], persons: 5, memberTimeoutMs: 1000 });
});
afterAll(async () => {
  await revived?.close();
  await net?.close();
});

const at = (graphqlUrl: string, path: string) => new URL(path, graphqlUrl).toString();
async function ready(graphqlUrl: string) {
  const res = await fetch(at(graphqlUrl, 'ready'));
  return { status: res.status, body: (await res.json()) as { ready: boolean; members?: Array<{ country: string; reachable: boolean; latencyMs: number }> } };
}

test('every process is alive and ready; the gateway lists each member as reachable, with its latency', async () => {
  for (const url of [net.gateway.url, net.secretariat.url, ...[...net.members.values()].map((m) => m.url)]) {
    expect((await fetch(at(url, 'health'))).status).toBe(200);
    expect(await ready(url)).toMatchObject({ status: 200, body: { ready: true } });
  }
  const { body } = await ready(net.gateway.url);
  expect(body.members).toEqual([
    { country: 'AR', reachable: true, latencyMs: expect.any(Number) },
    { country: 'CO', reachable: true, latencyMs: expect.any(Number) },
  ]);
});

test('/ready turns 503 when every member is down, and 200 again when one is back', async () => {
  const arUrl = net.members.get('AR')!.url;
  for (const m of net.members.values()) await m.close();

  const down = await ready(net.gateway.url);
  expect(down.status).toBe(503);
  expect(down.body).toMatchObject({ ready: false, members: [{ country: 'AR', reachable: false }, { country: 'CO', reachable: false }] });
  expect((await fetch(at(net.gateway.url, 'health'))).status).toBe(200); // alive all the same

  // AR comes back on the same port, with an empty store: ready is about serving, not about data.
  revived = await startMember({ country: 'AR', store: new KuzuStore({ path: ':memory:' }), verifier: net.verifier, port: Number(new URL(arUrl).port) });
  const back = await ready(net.gateway.url);
  expect(back.status).toBe(200);
  expect(back.body).toMatchObject({ ready: true, members: [{ country: 'AR', reachable: true }, { country: 'CO', reachable: false }] });
});
