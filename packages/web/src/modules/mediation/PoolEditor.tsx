import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Pool } from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useSavePool } from './mediationApi.ts';
import { PROVINCES } from './provinces.ts';
import { FormDrawer } from '../../lib/FormDrawer.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

interface Values {
  regionCode: string | null;
  name: string;
  minSize: number;
  targetProvinces: string[];
  note?: string | null;
}

/** The default minimum of a community's reserve pool (the brief: 10 or more volunteers). */
export const DEFAULT_POOL_MIN_SIZE = 10;

/**
 * Creates or edits a community's reserve pool: name, minimum size, the home provinces it should
 * cover. The community is chosen once; the server's field errors land on their fields.
 */
export function PoolEditor({ pool, onClose }: { pool: Pool | null; onClose: () => void }) {
  const { t } = useTranslation();
  const place = usePlaceName();
  const lang = useLanguage();
  const { scope } = useScope();
  const [form] = Form.useForm<Values>();
  const save = useSavePool();
  const initial: Values = {
    regionCode: pool?.regionCode ?? scope?.regionCode ?? null,
    name: pool?.name ?? '',
    minSize: pool?.minSize ?? DEFAULT_POOL_MIN_SIZE,
    targetProvinces: pool?.targetProvinces ?? [],
    note: pool?.note ?? null,
  };

  const submit = (v: Values) => {
    const common = {
      name: v.name.trim(),
      minSize: v.minSize,
      targetProvinces: v.targetProvinces,
      note: v.note?.trim() || null,
    };
    save.mutate(
      pool ? { id: pool.id, body: common } : { id: null, body: { ...common, regionCode: v.regionCode ?? '' } },
      { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
    );
  };

  return (
    <FormDrawer
      title={pool ? pool.name : t('med.poolEdit.new')}
      width={560}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={save.isPending}
      saveTestId="med-pool-save"
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {pool ? (
          <Form.Item label={t('med.poolEdit.region')} extra={t('med.poolEdit.regionFixed')}>
            <Input
              disabled
              value={pool.regionName ? place(pool.regionName) : pool.regionCode}
              data-testid="med-pool-region-fixed"
            />
          </Form.Item>
        ) : (
          <Form.Item name="regionCode" label={t('med.poolEdit.region')} rules={[{ required: true }]}>
            <RegionSelect initialLabel={scope?.regionName ?? null} style={{ width: '100%' }} testId="med-pool-region" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('med.poolEdit.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="med-pool-name" />
        </Form.Item>
        <Form.Item name="minSize" label={t('med.poolEdit.minSize')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} data-testid="med-pool-min" />
        </Form.Item>
        <Form.Item name="targetProvinces" label={t('med.poolEdit.targets')} extra={t('med.poolEdit.targetsHint')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={PROVINCES.map((p) => ({ value: p.code, label: lang === 'en' ? p.en : p.zh }))}
            data-testid="med-pool-targets"
          />
        </Form.Item>
        <Form.Item name="note" label={t('med.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        {save.error ? <ErrorAlert error={save.error} testId="med-pool-error" /> : null}
        <button type="submit" hidden {...testId('med-pool-hidden-submit')} />
      </Form>
    </FormDrawer>
  );
}
