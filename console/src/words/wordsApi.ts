/**
 * Codes as words, in one language and locale: the schema's enum values, the protocol's rules (their
 * titles and descriptions as schema/protocol has them), what an audit entry read, dates, numbers and
 * amounts as the locale writes them. Pure (the protocol's words are given): words.ts binds it to the
 * build's protocol and the session's language; the case file's tests build it from the protocol file.
 */
import type { Lang, Words } from '../lang';
import { ENUM_WORDS, VALUE_WORDS, type EnumName, type ValueSet } from './enums';
import { clientOperation, OPERATION_WORDS, READ_WORDS } from './operations';

/** The protocol's words (the build's `virtual:enlace-protocol`, from schema/protocol: see protocol.ts). */
export interface ProtocolWords {
  RULES: Readonly<Record<string, { title: Words; description: string }>>;
  FIELD_RULES: Readonly<Record<string, string>>;
}

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
  /** An instant, in UTC (the network's deadlines are UTC), as the locale writes it; to the second when asked (when a record was read). */
  dateTime(iso: string | null | undefined, seconds?: boolean): string;
  number(n: number): string;
  /** A decimal amount ("1500.00") in its ISO 4217 currency as the locale writes it: "US$1,500.00", "1.500,00 US$". */
  amount(amount: string | null | undefined, currency: string | null | undefined): string;
}

const KIND_OF_ID: Record<string, 'person' | 'case' | 'observation'> = { P: 'person', C: 'case', R: 'observation' };

export function makeWords(lang: Lang, locale: string, { RULES, FIELD_RULES }: ProtocolWords): WordsApi {
  const numbers = new Intl.NumberFormat(locale);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const instant = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const instantToSecond = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
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
    dateTime: (iso, seconds = false) => {
      if (!iso) return '';
      const at = new Date(iso);
      return Number.isNaN(at.getTime()) ? iso : `${(seconds ? instantToSecond : instant).format(at)} UTC`;
    },
    number: (n) => numbers.format(n),
    amount: (amount, currency) => {
      const n = amount === null || amount === undefined || amount.trim() === '' ? NaN : Number(amount);
      if (Number.isNaN(n)) return [amount, currency].filter(Boolean).join(' ');
      if (currency) {
        try {
          return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' }).format(n);
        } catch {
          // Not a currency Intl knows of (a malformed code): the number, then the code as given.
        }
      }
      return [new Intl.NumberFormat(locale, { maximumFractionDigits: 8 }).format(n), currency].filter(Boolean).join(' ');
    },
  };
}
