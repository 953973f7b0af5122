import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Locale } from 'antd/es/locale';
import antdZh from 'antd/es/locale/zh_CN';
import antdEn from 'antd/es/locale/en_US';
import zhCN from '../locales/zh-CN.json';
import en from '../locales/en.json';
import { loadRomaniser } from './placeName.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'zhili.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    // Private mode or storage disabled: fall back to Chinese, the default of the platform.
  }
  return 'zh-CN';
}

function applySideEffects(lang: Language): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang;
}

const initial = storedLanguage();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});
applySideEffects(initial);
// Place names in English need the romaniser (its own chunk); components re-render when it arrives.
if (initial === 'en') void loadRomaniser().catch(() => undefined);

/**
 * Switches the language of the whole app and remembers it in localStorage. English waits for the
 * place-name romaniser first, so the screen changes once, with the places already in English; if
 * it cannot load (offline), the switch still happens and places stay in Chinese.
 */
export async function setLanguage(lang: Language): Promise<void> {
  if (lang === 'en') await loadRomaniser().catch(() => undefined);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted, but the switch still applies to this tab.
  }
  applySideEffects(lang);
  void i18n.changeLanguage(lang);
}

/** The current language, re-rendering the caller when it changes. */
export function useLanguage(): Language {
  const { i18n: inst } = useTranslation();
  return inst.language === 'en' ? 'en' : 'zh-CN';
}

/** antd's locale for a language (DatePicker, Pagination, Table texts …). */
export function antdLocale(lang: Language): Locale {
  return lang === 'en' ? antdEn : antdZh;
}

/** Picks the zh or en text of a pair, as error bodies and names carry both. */
export function pick(lang: Language, zh: string, enText: string | undefined | null): string {
  return lang === 'en' && enText ? enText : zh;
}

export default i18n;
