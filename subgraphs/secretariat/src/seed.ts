/** Loads the secretariat's seed data (directory, JITs, links) in one transaction. */
import type { Store } from '@enlace/common';
import * as repo from './repository';
import { secretariatStoreSchema } from './storeSchema';

export interface SecretariatSeedData {
  members: repo.MemberStateRecord[];
  jits: Array<Omit<repo.JitRecord, 'seq'>>;
  links: Array<Omit<repo.PersonLinkRecord, 'seq'>>;
}

const seqOf = (id: string) => Number(id.split(':')[2]);

export async function seedSecretariat(store: Store, data: SecretariatSeedData): Promise<void> {
  await store.ensureSchema(secretariatStoreSchema);
  await store.write(async (tx) => {
    await repo.upsertMemberStates(tx, data.members);
    const jits = data.jits.map((j) => ({ ...j, seq: seqOf(j.id) }));
    const links = data.links.map((l) => ({ ...l, seq: seqOf(l.id) }));
    await repo.insertJits(tx, jits);
    await repo.insertLinks(tx, links);
    await repo.raiseSeq(tx, 'J', Math.max(0, ...jits.map((j) => j.seq)));
    await repo.raiseSeq(tx, 'L', Math.max(0, ...links.map((l) => l.seq)));
  });
}
