/** The sharing protocol, enforced by the secretariat on its own records (schema/protocol/v1.json, "secretariat"). */
export * from './model';
export { SecretariatAuthz, factsOf, type RecordFacts } from './authz';
export { secretariatShield, DEFAULT_DENY_RULE } from './shield';
