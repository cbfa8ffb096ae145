/**
 * graphql-shield 7.6.5 calls `util.isUndefined` (in its `chain` and `race`
 * rules), which Node 23 removed. Defining it when absent lets the release run
 * on Node 20, 22 and 24 alike. The shield looks the function up on the `util`
 * module object at call time, so this works whether it is loaded before or
 * after graphql-shield; it is imported first anyway.
 */
// `import x = require()` gives the module object itself (not an interop copy), the one graphql-shield receives.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import util = require('util');

const utilModule = util as unknown as Record<string, unknown>;
if (typeof utilModule.isUndefined !== 'function') {
  utilModule.isUndefined = (value: unknown): boolean => value === undefined;
}

export const nodeCompatApplied = true;
