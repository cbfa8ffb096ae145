export { DEFAULT_BUDGET_PER_HOUR, DEFAULT_MAX_BATCH, EVALUATE_PATH, evaluatorReadiness, pseudonymRoutes, type PseudonymSettings } from './evaluator';
export { pseudonymSettingsFromEnv } from './settings';
export { ElementBudget } from './budget';
