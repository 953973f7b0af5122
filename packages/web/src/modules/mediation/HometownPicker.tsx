import { useRef, useState } from 'react';
import { Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../lib/i18n.ts';
import { PROVINCES } from './provinces.ts';

/**
 * A hometown code picked as province › city › county (GB/T 2260: 2 + 2 + 2 digits). The province is
 * chosen by name; city and county are the two-digit parts of the code ('01' 合肥市 under '34'),
 * which the registry's place name field spells out. Finer parts stay empty when unknown.
 */
export function HometownPicker({
  value,
  onChange,
  testId = 'med-hometown',
}: {
  value?: string | null;
  onChange?: (code: string | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const code = value ?? '';
  const province = code.slice(0, 2) || undefined;
  // Half-typed parts ('0' of '01') are kept here, since only whole parts make a valid code.
  const [parts, setParts] = useState({ city: code.slice(2, 4), county: code.slice(4, 6) });
  const emitted = useRef(code);
  if (code !== emitted.current) {
    // The form set another value (reset, edit of another record): take its parts.
    emitted.current = code;
    setParts({ city: code.slice(2, 4), county: code.slice(4, 6) });
  }
  const { city, county } = parts;
  const emit = (p: string | undefined, c: string, k: string) => {
    setParts({ city: p ? c : '', county: p ? k : '' });
    // A county part only counts under a complete city part, as the code nests.
    const cc = /^\d{2}$/.test(c) ? c : '';
    const kk = cc && /^\d{2}$/.test(k) ? k : '';
    const next = p ? `${p}${cc}${kk}` : null;
    emitted.current = next ?? '';
    onChange?.(next);
  };
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 2);

  return (
    <Space.Compact style={{ width: '100%' }} data-testid={testId}>
      <Select
        showSearch
        allowClear
        placeholder={t('med.hometown.province')}
        value={province}
        onChange={(p: string | undefined) => emit(p, city, county)}
        optionFilterProp="label"
        options={PROVINCES.map((p) => ({ value: p.code, label: lang === 'en' ? p.en : p.zh }))}
        style={{ width: '50%' }}
        data-testid={`${testId}-province`}
      />
      <Input
        placeholder={t('med.hometown.city')}
        value={city}
        disabled={!province}
        onChange={(e) => emit(province, digits(e.target.value), county)}
        style={{ width: '25%' }}
        inputMode="numeric"
        data-testid={`${testId}-city`}
      />
      <Input
        placeholder={t('med.hometown.county')}
        value={county}
        disabled={!province || city.length < 2}
        onChange={(e) => emit(province, city, digits(e.target.value))}
        style={{ width: '25%' }}
        inputMode="numeric"
        data-testid={`${testId}-county`}
      />
    </Space.Compact>
  );
}
