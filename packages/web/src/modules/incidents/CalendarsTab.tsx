import { useState } from 'react';
import { Button, Flex, Form, Input, Modal, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WorkingCalendarInput } from '@zhili/contracts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useCalendars, useSaveCalendar } from './incidentsApi.ts';

interface CalendarForm {
  code: string;
  name: string;
  timeZone: string;
  hours: Record<string, string>;
  holidays: string;
  extraWorkdays: string;
}

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const split = (s: string | undefined) =>
  (s ?? '')
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Working calendars: hours per weekday, holidays and extra workdays. */
export function CalendarsTab() {
  const { t } = useTranslation();
  const list = useCalendars();
  const save = useSaveCalendar();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CalendarForm>();
  const edit = (c: WorkingCalendarInput | null) => {
    setOpen(true);
    const hours: Record<string, string> = {};
    for (const d of WEEKDAYS)
      hours[d] = (c?.hours[d] ?? (c ? [] : Number(d) <= 5 ? ['08:30-12:00', '14:00-17:30'] : [])).join(',');
    form.setFieldsValue({
      code: c?.code ?? '',
      name: c?.name ?? '',
      timeZone: c?.timeZone ?? 'Asia/Shanghai',
      hours,
      holidays: (c?.holidays ?? []).join(','),
      extraWorkdays: (c?.extraWorkdays ?? []).join(','),
    });
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => edit(null)} style={{ marginBottom: 12 }}>
        {t('inc.newCalendar')}
      </Button>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<WorkingCalendarInput>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        onRow={(c) => ({ onClick: () => edit(c), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('inc.code'), dataIndex: 'code' },
          { title: t('inc.name'), dataIndex: 'name' },
          { title: t('inc.hours'), key: 'h', render: (_: unknown, c) => (c.hours['1'] ?? []).join(', ') },
          { title: t('inc.holidays'), key: 'hd', render: (_: unknown, c) => c.holidays.length },
        ]}
      />
      <Modal
        open={open}
        title={t('inc.calendars')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: save.isPending }}
        width={640}
        onOk={() =>
          void form.validateFields().then(
            (v) => {
              const hours = Object.fromEntries(
                WEEKDAYS.map((d) => [d, split(v.hours[d])]),
              ) as WorkingCalendarInput['hours'];
              save.mutate(
                {
                  code: v.code,
                  name: v.name,
                  timeZone: v.timeZone,
                  hours,
                  holidays: split(v.holidays),
                  extraWorkdays: split(v.extraWorkdays),
                },
                { onSuccess: () => setOpen(false) },
              );
            },
            () => undefined,
          )
        }
      >
        <Form form={form} layout="vertical" size="small">
          <Flex gap={8}>
            <Form.Item
              name="code"
              label={t('inc.code')}
              rules={[{ required: true, pattern: /^[a-z0-9_-]{2,40}$/ }]}
              style={{ flex: 1 }}
            >
              <Input />
            </Form.Item>
            <Form.Item name="name" label={t('inc.name')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="timeZone" label="TZ" style={{ flex: 1 }}>
              <Input />
            </Form.Item>
          </Flex>
          <Typography.Text type="secondary">{t('inc.hours')}</Typography.Text>
          {WEEKDAYS.map((d) => (
            <Form.Item
              key={d}
              name={['hours', d]}
              label={t('inc.weekday', { d: '一二三四五六日'[Number(d) - 1] })}
              style={{ marginBottom: 6 }}
            >
              <Input placeholder="08:30-12:00,14:00-17:30" />
            </Form.Item>
          ))}
          <Form.Item name="holidays" label={t('inc.holidays')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
          <Form.Item name="extraWorkdays" label={t('inc.extraWorkdays')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
          {save.error ? <ErrorAlert error={save.error} /> : null}
        </Form>
      </Modal>
    </>
  );
}
