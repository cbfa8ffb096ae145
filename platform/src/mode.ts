/**
 * How a process serves: production (the default, wherever `npm start` did not say
 * otherwise) or development. Production hides the schema: no introspection, no
 * "Did you mean …" suggestions (except for the network's developer role, if one is
 * configured) and no explorer unless switched on.
 */
import { ROLES, type Role } from './identity';

export interface ServingMode {
  development: boolean;
  /** Serve the GraphiQL explorer to browsers. */
  explorer: boolean;
  /** Callers with this role see introspection and suggestions in production too. */
  developerRole: Role | null;
}

export const PRODUCTION_MODE: ServingMode = { development: false, explorer: false, developerRole: null };
export const DEVELOPMENT_MODE: ServingMode = { development: true, explorer: true, developerRole: null };

/** ENLACE_MODE (production | development), ENLACE_EXPLORER (on | off), ENLACE_DEVELOPER_ROLE; a bad value is a one-line error naming it. */
export function servingModeFromEnv(env: NodeJS.ProcessEnv): ServingMode {
  const mode = env.ENLACE_MODE?.trim() || 'production';
  if (mode !== 'production' && mode !== 'development') throw new Error(`ENLACE_MODE must be production or development, got "${mode}"`);
  const development = mode === 'development';
  const explorer = env.ENLACE_EXPLORER?.trim() || (development ? 'on' : 'off');
  if (explorer !== 'on' && explorer !== 'off') throw new Error(`ENLACE_EXPLORER must be on or off, got "${explorer}"`);
  const role = env.ENLACE_DEVELOPER_ROLE?.trim() || null;
  if (role !== null && !(ROLES as readonly string[]).includes(role)) throw new Error(`ENLACE_DEVELOPER_ROLE must be one of ${ROLES.join(', ')}, got "${role}"`);
  return { development, explorer: explorer === 'on', developerRole: role as Role | null };
}
