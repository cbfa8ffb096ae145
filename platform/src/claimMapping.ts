/**
 * How an identity provider's own claims become the network's country and roles
 * (a trusted issuer's `claims`, identity.ts). An OpenID Connect provider such as
 * Keycloak or Entra ID says who someone is in its own words (groups, realm roles,
 * app roles); the network's configuration says which of those words mean which
 * country and which role. The result is then checked like any token's claims:
 * the issuer's bindings and the network's rules still decide.
 *
 *   "claims": {
 *     "country": { "claim": "groups", "values": { "/enlace/AR": "AR" } },
 *     "roles":   { "claim": "realm_access.roles", "values": { "enlace-prosecutor": "prosecutor" } }
 *   }
 *
 * `claim` is a claim name, or a dotted path into nested claims (Keycloak's
 * `realm_access.roles`); its value is a string or a list of strings. With
 * `values`, each of the provider's words is looked up and words not listed are
 * ignored (a provider's groups name much else); without it, the words are taken
 * as the network's own (a claim that already holds `AR`, or `prosecutor`).
 * `{"value": "AR"}` names a fixed country, for a provider that serves one only.
 */
/** Where one of the network's claims comes from. */
export type ClaimSource =
  | { claim: string; values?: Record<string, string> }
  | { value: string };

export interface ClaimMapping {
  country: ClaimSource;
  roles: ClaimSource;
}

/** What a mapping made of a token's claims, or why it made nothing. */
export type MappedClaims = { country: string; roles: string[] } | { refusal: string };

const words = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The value at a dotted path (`realm_access.roles`); a claim whose own name has dots is found too. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (path in payload) return payload[path];
  let at: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function read(payload: Record<string, unknown>, source: ClaimSource): string[] {
  if ('value' in source) return [source.value];
  const found = words(claimAt(payload, source.claim));
  const { values } = source;
  const mapped = values ? found.flatMap((w) => (Object.prototype.hasOwnProperty.call(values, w) ? [values[w]] : [])) : found;
  return [...new Set(mapped)];
}

const describe = (source: ClaimSource) => ('value' in source ? 'the configuration' : `claim "${source.claim}"`);

/** The country and roles a token's claims map to, or why they map to none (a message for the caller). */
export function mapClaims(payload: Record<string, unknown>, mapping: ClaimMapping): MappedClaims {
  const countries = read(payload, mapping.country);
  if (countries.length === 0) return { refusal: `Token's ${describe(mapping.country)} names no country of this network` };
  if (countries.length > 1) return { refusal: `Token's ${describe(mapping.country)} names several countries (${countries.join(', ')}): a caller acts for one` };
  const roles = read(payload, mapping.roles);
  if (roles.length === 0) return { refusal: `Token's ${describe(mapping.roles)} names no role of this network` };
  return { country: countries[0], roles };
}

/**
 * Checks a mapping at start (a mistake is a start-up error naming the issuer), and returns it typed.
 * `roles`: the network's roles (identity.ts's ROLES, passed in: identity.ts calls this).
 */
export function checkClaimMapping(value: unknown, where: string, roles: readonly string[]): ClaimMapping {
  const isRole = (r: string) => roles.includes(r);
  const example = '{"country":{"claim":"groups","values":{"/enlace/AR":"AR"}},"roles":{"claim":"realm_access.roles","values":{"enlace-prosecutor":"prosecutor"}}}';
  const mapping = value as Partial<ClaimMapping> | null;
  if (typeof mapping !== 'object' || mapping === null || !mapping.country || !mapping.roles) throw new Error(`${where}: "claims" needs "country" and "roles", e.g. ${example}`);
  for (const key of ['country', 'roles'] as const) {
    const source = mapping[key] as Record<string, unknown>;
    const name = `${where}: claims.${key}`;
    if ('value' in source) {
      if (typeof source.value !== 'string' || !source.value) throw new Error(`${name}.value must be a text`);
      if (key === 'roles' && !isRole(source.value)) throw new Error(`${name}.value must be a role (${roles.join(', ')})`);
      if (key === 'roles' && source.value === 'service') throw new Error(`${name}: a provider for people cannot map to the service role`);
      continue;
    }
    if (typeof source.claim !== 'string' || !source.claim) throw new Error(`${name} needs "claim" (a claim name or dotted path) or "value", e.g. ${example}`);
    if (source.values === undefined) continue;
    if (typeof source.values !== 'object' || source.values === null || Array.isArray(source.values)) throw new Error(`${name}.values must map the provider's values to the network's`);
    for (const [from, to] of Object.entries(source.values as Record<string, unknown>)) {
      if (typeof to !== 'string') throw new Error(`${name}.values["${from}"] must be a text`);
      if (key === 'roles' && !isRole(to)) throw new Error(`${name}.values["${from}"] is "${to}", not a role (${roles.join(', ')})`);
      if (key === 'roles' && to === 'service') throw new Error(`${name}.values["${from}"]: a provider for people cannot map to the service role`);
    }
  }
  return mapping as ClaimMapping;
}
