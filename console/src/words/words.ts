/**
 * Codes as words, in the session's language: the schema's enum values, the protocol's
 * rules (their titles and descriptions come from schema/protocol at build), what an audit
 * entry read, and dates and numbers as the user's locale writes them (wordsApi.ts).
 */
import { FIELD_RULES, RULES } from 'virtual:enlace-protocol';
import { localeOf, type Lang } from '../lang';
import { useSession } from '../session';
import { makeWords, type WordsApi } from './wordsApi';

export type { AuditRead, RuleWords, WordsApi } from './wordsApi';

export const wordsFor = (lang: Lang, locale: string): WordsApi => makeWords(lang, locale, { RULES, FIELD_RULES });

const cache = new Map<string, WordsApi>();

export function useWords(): WordsApi {
  const { lang } = useSession();
  const locale = localeOf(lang, navigator.languages);
  const key = `${lang}|${locale}`;
  let words = cache.get(key);
  if (!words) cache.set(key, (words = wordsFor(lang, locale)));
  return words;
}
