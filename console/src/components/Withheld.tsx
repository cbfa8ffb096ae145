/**
 * A field as the owner gave it: its value, "withheld by AR: the person’s identity (…)" when the
 * owner's protocol withheld it (a FORBIDDEN error at its path), or "not recorded" when empty.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { pathKey, type Withholding } from '../outcome';
import { useT } from '../i18n';
import { useWords } from '../words/words';

const WithheldContext = createContext<ReadonlyMap<string, Withholding>>(new Map());

export function WithheldProvider({ withheld, children }: { withheld: ReadonlyMap<string, Withholding>; children: ReactNode }) {
  return <WithheldContext.Provider value={withheld}>{children}</WithheldContext.Provider>;
}

export function useWithheld(path: readonly (string | number)[]): Withholding | undefined {
  return useContext(WithheldContext).get(pathKey(path));
}

export function WithheldMark({ withholding }: { withholding: Withholding }) {
  const t = useT();
  const rule = useWords().rule(withholding.rule);
  // The rule's title in the user's language; its id and the protocol's own text for whoever looks closer.
  return <span className="withheld" data-rule={withholding.rule} title={[rule.name, rule.description].filter(Boolean).join(': ')}>{t('withheldBy', { country: withholding.country, rule: rule.title })}</span>;
}

type Plain = string | number | boolean | null | undefined | readonly string[];

/** `at` is the field's path in the answer (as in the error's path); `show` formats a present value. */
export function Field({ at, value, show }: { at: readonly (string | number)[]; value: Plain; show?: (value: NonNullable<Plain>) => ReactNode }) {
  const t = useT();
  const withholding = useWithheld(at);
  if (withholding) return <WithheldMark withholding={withholding} />;
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return <span className="muted">{t('notRecorded')}</span>;
  if (show) return <>{show(value)}</>;
  if (typeof value === 'boolean') return <>{value ? t('yes') : t('no')}</>;
  return <>{Array.isArray(value) ? value.join(', ') : String(value)}</>;
}
