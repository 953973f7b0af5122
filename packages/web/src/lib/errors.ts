import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from './api.ts';
import type { Language } from './i18n.ts';

/** The user-facing text of any error: the server's zh/en message, or a network/unknown notice. */
export function errorText(err: unknown, lang: Language, t: TFunction): string {
  if (err instanceof ApiError) return lang === 'en' ? err.body.messageEn : err.body.message;
  if (err instanceof NetworkError) {
    return err.status === null ? t('error.network') : t('error.http', { status: err.status });
  }
  return t('error.unknown');
}

/** `body.roles.0.regionCode` → `['roles', 0, 'regionCode']`, the antd form name of that field. */
export function detailPathToName(path: string, prefix = 'body'): Array<string | number> | null {
  const parts = path.split('.');
  if (parts[0] !== prefix || parts.length < 2) return null;
  return parts.slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the field errors of an API error onto the matching form fields. Returns true when at
 * least one detail found its field, so the caller can skip a generic alert.
 */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.details.length === 0) return false;
  const fields: Array<{ name: Array<string | number>; errors: string[] }> = [];
  for (const d of err.details) {
    const name = detailPathToName(d.path);
    if (!name) continue;
    // Only mark fields the form actually renders; otherwise antd would invent an invisible one.
    if (form.getFieldInstance(name) === undefined && form.getFieldValue(name) === undefined) continue;
    fields.push({ name, errors: [d.message] });
  }
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}
