/** The sharing protocol's words, from schema/protocol at build (vite.config.ts, protocolWords). */
declare module 'virtual:enlace-protocol' {
  import type { Words } from './lang';
  export const PROTOCOL_VERSION: number;
  /** Every rule of both sections: its title in every language, and its description (the protocol's own text, in English). */
  export const RULES: Readonly<Record<string, { title: Words; description: string }>>;
  /** "Type.field" → the rule that guards it. */
  export const FIELD_RULES: Readonly<Record<string, string>>;
  /** The rules a cooperation request can ask the owner to open, in the protocol's order. */
  export const GRANTABLE_RULES: readonly string[];
}
