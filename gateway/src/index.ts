export { startGateway, type GatewayOptions, type RunningGateway } from './server';
export { parseDirectory } from './directory';
export { MemberFanOutDataSource } from './memberDataSource';
export { pooledTransport, type MemberTransport, type MemberReply } from './memberTransport';
export { DEFAULT_LIMITS, type QueryLimits } from '@enlace/common';
export { CONSOLE_CSP, CONSOLE_PATH, consoleFile } from './console';
export type { GatewayContext } from './context';
export { consoleCsp } from './console';
export { checkSignInProviders, signInProvidersFromEnv, SESSION_PATH, SIGN_IN_PATH, type SignInProvider } from './signIn';
