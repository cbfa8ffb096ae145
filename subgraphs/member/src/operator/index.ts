export { IDLE_MS, ImportSessions, previewOf, type ImportSession } from './importSessions';
export { IMPORT_BODY_LIMIT, IMPORT_END_PATH, IMPORT_PATH, MAX_BATCH_ROWS, operatorImportRoutes, type OperatorImportOptions } from './importRoute';
