/** The console's languages: the network's working languages (Spanish, Portuguese) and English. */
export type Lang = 'es' | 'pt' | 'en';
export const LANGS: readonly Lang[] = ['es', 'pt', 'en'];
/** Each language in its own words, for the switch. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { es: 'Español', pt: 'Português', en: 'English' };

/** A word or phrase in every language: a missing one is a type error, so the build fails. */
export type Words = Readonly<Record<Lang, string>>;

/** The language the browser asks for first among ours, else Spanish. */
export function preferredLang(asked: readonly string[]): Lang {
  for (const tag of asked) {
    const lang = LANGS.find((l) => tag.toLowerCase().split('-')[0] === l);
    if (lang) return lang;
  }
  return 'es';
}

/** The user's locale for dates and numbers: the browser's own variant of the chosen language (es-AR, pt-BR), else the language. */
export function localeOf(lang: Lang, asked: readonly string[]): string {
  return asked.find((tag) => tag.toLowerCase().split('-')[0] === lang) ?? lang;
}
