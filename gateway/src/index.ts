export { startGateway, type GatewayOptions, type RunningGateway } from './server';
export { parseDirectory } from './directory';
export { MemberFanOutDataSource } from './memberDataSource';
export { DEFAULT_LIMITS, type QueryLimits } from '@enlace/common';
