import type { Store } from '@enlace/store';
import { moveLegacyHistories } from './cooperation/repository';
import { secretariatStoreSchema } from './storeSchema';

/** Creates the secretariat's tables and moves what a store from an earlier version kept otherwise: what opens its store, every time. */
export async function prepareSecretariatStore(store: Store, log: (message: string) => void = () => undefined): Promise<void> {
  await store.ensureSchema(secretariatStoreSchema);
  const moved = await moveLegacyHistories(store);
  if (moved) log(`store: moved the histories of ${moved} cooperation requests into their own records (a store from an earlier version)`);
}
