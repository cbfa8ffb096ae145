import type { Paging, RequestAudit, RequestIdentity } from '@enlace/platform';
import type { Store } from '@enlace/store';
import type { MemberData } from './data';
import type { RequestAuthz } from './protocol/request';

/** Everything a member's resolvers see of one request, from the HTTP layer down to the store. */
export interface MemberContext {
  /** This member's own country code. */
  country: string;
  /** For writes, in one transaction each; reads go through `data`. */
  store: Store;
  identity: RequestIdentity;
  /** The sharing protocol for this request; null only for a member started without it (benchmarks). */
  authz: RequestAuthz | null;
  /** The guarded data layer: every person and case read, only those the caller may know of. */
  data: MemberData;
  /** What this request delivered, withheld, looked up and wrote: one audit entry when it ends. */
  audit: RequestAudit;
  /** Its cursor key and where counting stops, for every page field (paging.ts). */
  paging: Paging;
  /** Years a closed case is kept after closing (MEMBER_RETENTION_YEARS); null: no retention date. */
  retentionYears: number | null;
}
