export { startSecretariat, type SecretariatOptions, type RunningSecretariat } from './server';
export { seedSecretariat, type SecretariatSeedData } from './seed';
export { isEmpty as secretariatIsEmpty } from './repository';
export { secretariatStoreSchema, SECRETARIAT_CODE } from './storeSchema';
