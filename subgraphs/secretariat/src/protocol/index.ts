/** The sharing protocol, enforced by the secretariat on its own records (schema/protocol/v1.json, "secretariat"). */
export * from './model';
export { SecretariatAuthz, type RecordFacts } from './authz';
export { secretariatShield } from './shield';
