/**
 * Codes as words, in the session's language: the schema's enum values, the protocol's
 * rules (their titles and descriptions come from schema/protocol at build), what an audit
 * entry read, and dates and numbers as the user's locale writes them.
 */
import { FIELD_RULES, RULES } from 'virtual:enlace-protocol';
import { localeOf, type Lang } from '../lang';
import { useSession } from '../session';
import { ENUM_WORDS, VALUE_WORDS, type EnumName, type ValueSet } from './enums';
import { clientOperation, OPERATION_WORDS, READ_WORDS } from './operations';

export interface RuleWords {
  /** The rule as the protocol names it (a member's tightening of one field, `rule@Type.field`, is that rule). */
  name: string;
  title: string;
  /** The protocol's own text (English), where the rule is known. */
  description: string | null;
}

export interface AuditRead {
  operation: { type: string | null; name: string | null };
  delivered: readonly { record: string }[];
  hits?: readonly string[] | null;
  wrote?: readonly string[];
}

export interface WordsApi {
  lang: Lang;
  locale: string;
  /** An enum value in words; a value the console has no words for is shown as it came. */
  enumValue(name: EnumName, value: string | null | undefined): string;
  value(set: ValueSet, value: string | number | null | undefined): string;
  /** A handling code with what it means: "H2 — no onward sharing". */
  handling(code: string | null | undefined): string;
  rule(name: string): RuleWords;
  /** The distinct rules that guard these fields ("Person.fullName"), in words. */
  fieldRules(fields: readonly string[]): string[];
  /** What an audit entry read or did. */
  read(entry: AuditRead): string;
  /** A day (YYYY-MM-DD), a month (YYYY-MM) or a year as the locale writes it. */
  date(value: string | null | undefined): string;
  /** An instant, in UTC (the network's deadlines are UTC), as the locale writes it. */
  dateTime(iso: string | null | undefined): string;
  number(n: number): string;
}

const KIND_OF_ID: Record<string, 'person' | 'case' | 'observation'> = { P: 'person', C: 'case', R: 'observation' };

export function wordsFor(lang: Lang, locale: string): WordsApi {
  const numbers = new Intl.NumberFormat(locale);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const instant = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const phrase = (text: string, n: number) => text.replace('{n}', numbers.format(n));

  const rule = (name: string): RuleWords => {
    const base = name.split('@')[0];
    const known = RULES[base];
    return { name, title: known?.title[lang] ?? name, description: known?.description ?? null };
  };

  const enumValue = (name: EnumName, value: string | null | undefined) => {
    if (value === null || value === undefined) return '';
    return (ENUM_WORDS[name] as Readonly<Record<string, Readonly<Record<Lang, string>>>>)[value]?.[lang] ?? value;
  };

  return {
    lang,
    locale,
    enumValue,
    handling: (code) => (code ? `${code} — ${enumValue('HandlingCode', code)}` : ''),
    value: (set, value) => {
      if (value === null || value === undefined) return '';
      return (VALUE_WORDS[set] as Readonly<Record<string, Readonly<Record<Lang, string>>>>)[String(value)]?.[lang] ?? String(value);
    },
    rule,
    fieldRules: (fields) => [...new Set(fields.map((f) => FIELD_RULES[f] ?? f))].map((r) => rule(r).title),
    read: (entry) => {
      const own = clientOperation(entry.operation.name);
      if (own && own in OPERATION_WORDS) return OPERATION_WORDS[own as keyof typeof OPERATION_WORDS][lang];
      if (entry.hits) return READ_WORDS.lookup[lang];
      if (entry.operation.type === 'mutation' || entry.wrote?.length) return READ_WORDS.change[lang];
      const counts = new Map<string, number>();
      for (const d of entry.delivered) {
        const kind = KIND_OF_ID[/^[A-Z]{2}:([A-Z]):/.exec(d.record)?.[1] ?? ''] ?? 'record';
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      if (!counts.size) return READ_WORDS.nothing[lang];
      const parts = (['person', 'case', 'observation'] as const).flatMap((kind) => {
        const n = counts.get(kind) ?? 0;
        if (!n) return [];
        return [n === 1 ? READ_WORDS[kind][lang] : phrase(READ_WORDS[`${kind}s`][lang], n)];
      });
      if (counts.get('record')) parts.push(phrase(READ_WORDS.records[lang], counts.get('record')!));
      return parts.join(', ');
    },
    date: (value) => {
      if (!value) return '';
      const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
      if (!m) return value;
      if (!m[2]) return m[1];
      const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1)));
      return (m[3] ? day : month).format(at);
    },
    dateTime: (iso) => {
      if (!iso) return '';
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : `${instant.format(at)} UTC`;
    },
    number: (n) => numbers.format(n),
  };
}

const cache = new Map<string, WordsApi>();

export function useWords(): WordsApi {
  const { lang } = useSession();
  const locale = localeOf(lang, navigator.languages);
  const key = `${lang}|${locale}`;
  let words = cache.get(key);
  if (!words) cache.set(key, (words = wordsFor(lang, locale)));
  return words;
}
