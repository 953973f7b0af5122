import type { Language } from '../../lib/i18n.ts';

/**
 * The server sends a case's parties as one Chinese line ("张三、李四 与 某公司": applicants, then
 * respondents). In English the joining words become "v." and ", " — the names stay as written.
 */
export function localPartyNames(line: string, lang: Language): string {
  if (lang !== 'en') return line;
  return line.replace(/ 与 /g, ' v. ').replace(/、/g, ', ');
}

/** A list of names joined the way the language writes it. */
export function joinNames(names: readonly string[], lang: Language): string {
  return names.join(lang === 'en' ? ', ' : '、');
}
