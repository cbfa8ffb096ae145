/** Loads the secretariat's seed data (directory, JITs, links, cooperation requests) in one transaction. */
import type { Store } from '@enlace/store';
import type { CooperationRecord } from './cooperation/record';
import { insertRequests } from './cooperation/repository';
import { prepareSecretariatStore } from './prepareStore';
import * as repo from './repository';

export interface SecretariatSeedData {
  members: repo.MemberStateRecord[];
  /** In the order they were recorded (their seq): ids are opaque. */
  jits: Array<Omit<repo.JitRecord, 'seq'>>;
  links: Array<Omit<repo.PersonLinkRecord, 'seq'>>;
  /** In the order filed. */
  requests?: Array<Omit<CooperationRecord, 'seq'>>;
}

export async function seedSecretariat(store: Store, data: SecretariatSeedData): Promise<void> {
  await prepareSecretariatStore(store);
  await store.write(async (tx) => {
    await repo.upsertMemberStates(tx, data.members);
    await repo.insertJits(tx, data.jits.map((j, i) => ({ ...j, seq: i + 1 })));
    await repo.insertLinks(tx, data.links.map((l, i) => ({ ...l, seq: i + 1 })));
    await repo.raiseSeq(tx, 'J', data.jits.length);
    await repo.raiseSeq(tx, 'L', data.links.length);
    const requests = data.requests ?? [];
    await insertRequests(tx, requests.map((r, i) => ({ ...r, seq: i + 1 })));
    await repo.raiseSeq(tx, 'R', requests.length);
  });
}
