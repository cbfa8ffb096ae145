import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The schema package's folder, where the SDL and the composed supergraph live. */
export const schemaDir = join(__dirname, '..');

const read = (file: string): string => readFileSync(join(schemaDir, file), 'utf8');

export const memberSdl = (): string => read('member.graphql');
export const secretariatSdl = (): string => read('secretariat.graphql');
export const supergraphPath = join(schemaDir, 'supergraph.graphql');
export const supergraphSdl = (): string => readFileSync(supergraphPath, 'utf8');
/** The default catalogue of purposes (a network names its own with ENLACE_PURPOSES). */
export const defaultPurposesPath = join(schemaDir, 'purposes.json');

/** Name of the one logical subgraph that every member state serves. */
export const MEMBERS_SUBGRAPH = 'members';
export const SECRETARIAT_SUBGRAPH = 'secretariat';
/** Placeholder URL composed into the supergraph: the member data source routes by directory instead. */
export const MEMBERS_PLACEHOLDER_URL = 'http://members.enlace.invalid/graphql';
export const SECRETARIAT_PLACEHOLDER_URL = 'http://secretariat.enlace.invalid/graphql';

/** The version of the sharing protocol (protocol/v<N>.json) the network enforces. */
export const PROTOCOL_VERSION = 1;
/** Where a version of the sharing protocol, as data, lives. */
export const protocolPath = (version = PROTOCOL_VERSION): string => join(schemaDir, 'protocol', `v${version}.json`);

/** The JSON Schema every version's document is checked against at load (and in CI). */
export const protocolSchemaPath = (version = PROTOCOL_VERSION): string => join(schemaDir, 'protocol', `v${version}.schema.json`);
