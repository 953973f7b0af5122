import { App, Button, Card, Flex, Form, Input } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/ui.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { usePrefixes, useSavePrefixes, type PrefixRow } from './incidentsApi.ts';

/** Incident number prefixes per region (LG-2026-000123). */
export function PrefixesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = usePrefixes();
  const save = useSavePrefixes();
  const [form] = Form.useForm<{ rows: PrefixRow[] }>();
  if (list.isPending) return <Card loading />;
  return (
    <Form
      form={form}
      initialValues={{ rows: list.data ?? [] }}
      onFinish={(v) => save.mutate(v.rows ?? [], { onSuccess: () => void message.success(t('inc.saved')) })}
      style={{ maxWidth: 560 }}
    >
      {list.isError ? <ErrorAlert error={list.error} /> : null}
      <Form.List name="rows">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Flex key={f.key} gap={8} align="start">
                <Form.Item name={[f.name, 'regionCode']} rules={[{ required: true }]} style={{ flex: 2 }}>
                  <RegionSelect style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'prefix']}
                  rules={[{ required: true, pattern: /^[A-Z][A-Z0-9]{0,7}$/ }]}
                  style={{ flex: 1 }}
                >
                  <Input placeholder="LG" />
                </Form.Item>
                <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
              </Flex>
            ))}
            <Flex gap={8}>
              <Button icon={<PlusOutlined />} onClick={() => add({ regionCode: '', prefix: '' })}>
                {t('inc.addPrefix')}
              </Button>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Flex>
          </>
        )}
      </Form.List>
      {save.error ? <ErrorAlert error={save.error} /> : null}
    </Form>
  );
}
