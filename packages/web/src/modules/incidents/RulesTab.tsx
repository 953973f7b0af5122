import { useState } from 'react';
import { Button, Flex, Form, InputNumber, Modal, Popconfirm, Select, Switch, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { HANDLING_LEVELS, type DispatchRule, type DispatchRuleInput } from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { useRegion } from '../regions/regionsApi.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { useCategories, useDispatchRules, useSaveRule } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';

/** A region by its name (romanised in English); the code only while loading or if unknown. */
function RegionName({ code }: { code: string }) {
  const region = useRegion(code);
  const place = usePlaceName();
  return <span title={code}>{region.data ? place(region.data.name) : code}</span>;
}

/** Dispatch rules (category × region → handling unit), edited in a dialog. */
export function RulesTab() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const names = useIncidentNames();
  const rules = useDispatchRules();
  const categories = useCategories({ all: true });
  const save = useSaveRule();
  const [editing, setEditing] = useState<DispatchRule | 'new' | null>(null);
  const [form] = Form.useForm<DispatchRuleInput>();
  const catName = (code: string | null) => {
    const c = (categories.data ?? []).find((x) => x.code === code);
    return code === null ? t('inc.anyCategory') : c ? pick(lang, c.nameZh, c.nameEn) : code;
  };
  const open = (r: DispatchRule | 'new') => {
    setEditing(r);
    form.setFieldsValue(
      r === 'new'
        ? {
            categoryCode: null,
            regionCode: '',
            handlingLevel: 'grid',
            organizationId: null,
            autoDispatch: true,
            order: 100,
            active: true,
          }
        : { ...r },
    );
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }}>
        {t('inc.newRule')}
      </Button>
      {rules.isError ? <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Table<DispatchRule>
        rowKey="id"
        size="small"
        loading={rules.isFetching}
        dataSource={rules.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('inc.category'), dataIndex: 'categoryCode', render: catName },
          { title: t('inc.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} /> },
          { title: t('inc.handlingLevel'), dataIndex: 'handlingLevel', render: (l: string) => names.levelName(l) },
          {
            title: t('inc.autoDispatch'),
            dataIndex: 'autoDispatch',
            render: (b: boolean) => (b ? t('inc.yes') : t('inc.no')),
          },
          { title: t('inc.order'), dataIndex: 'order' },
          { title: t('inc.active'), dataIndex: 'active', render: (b: boolean) => (b ? t('inc.yes') : t('inc.no')) },
          {
            key: 'del',
            render: (_: unknown, r) => (
              <span onClick={(e) => e.stopPropagation()}>
                <Popconfirm title={t('inc.confirmDelete')} onConfirm={() => save.mutate({ deleteId: r.id })}>
                  <Button size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('inc.rules')}
        onCancel={() => setEditing(null)}
        okButtonProps={{ loading: save.isPending }}
        onOk={() =>
          void form.validateFields().then(
            (v) =>
              save.mutate(
                {
                  id: editing === 'new' || editing === null ? null : editing.id,
                  input: { ...v, categoryCode: v.categoryCode ?? null },
                },
                { onSuccess: () => setEditing(null), onError: (err) => applyFieldErrors(form, err) },
              ),
            () => undefined,
          )
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="categoryCode" label={t('inc.category')}>
            <Select
              allowClear
              placeholder={t('inc.anyCategory')}
              options={(categories.data ?? []).map((c) => ({ value: c.code, label: pick(lang, c.nameZh, c.nameEn) }))}
            />
          </Form.Item>
          <Form.Item name="regionCode" label={t('inc.region')} rules={[{ required: true }]}>
            <RegionSelect style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="handlingLevel" label={t('inc.handlingLevel')}>
            <Select options={HANDLING_LEVELS.map((l) => ({ value: l, label: names.levelName(l) }))} />
          </Form.Item>
          <Form.Item name="organizationId" label={t('inc.department')}>
            <OrganizationSelect />
          </Form.Item>
          <Flex gap={16}>
            <Form.Item name="autoDispatch" label={t('inc.autoDispatch')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="active" label={t('inc.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="order" label={t('inc.order')}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
    </>
  );
}
