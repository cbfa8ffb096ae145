import type { RequestIdentity, Store } from '@enlace/common';
import type { Loaders } from './loaders';

/** Everything a member's resolvers see of one request, from the HTTP layer down to the store. */
export interface MemberContext {
  /** This member's own country code. */
  country: string;
  store: Store;
  loaders: Loaders;
  identity: RequestIdentity;
}
