/** Asking the secretariat (through the gateway, or directly) as a given caller, with or without a purpose. */
import type { Role } from '@enlace/platform';
import { bearer, gql, type TestNetwork } from '../support/network';

export interface Who {
  country: string;
  roles: string[];
}

export const STAFF: Who = { country: 'XS', roles: ['secretariat'] };
export const PARTNER: Who = { country: 'XP', roles: ['partner'] };
export const prosecutor = (country: string): Who => ({ country, roles: ['prosecutor'] });
export const analyst = (country: string): Who => ({ country, roles: ['analyst'] });
export const auditor = (country: string): Who => ({ country, roles: ['auditor'] });

export interface AskOptions {
  /** Where to send it (default: the gateway). */
  at?: 'gateway' | 'secretariat';
  /** Send no purpose and case reference. */
  noPurpose?: boolean;
  caseRef?: string;
  variables?: Record<string, unknown>;
}

export function asker(net: () => TestNetwork) {
  return async (who: Who, query: string, options: AskOptions = {}) => {
    const n = net();
    const token = await n.token({ country: who.country, roles: who.roles as Role[] });
    const headers = options.noPurpose ? { authorization: `Bearer ${token}` } : bearer(token, 'Investigation of a trafficking network', options.caseRef ?? 'TEST-1');
    return gql(options.at === 'secretariat' ? n.secretariat.url : n.gateway.url, query, options.variables ?? {}, headers);
  };
}

/** The codes of a response's errors. */
export const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);
