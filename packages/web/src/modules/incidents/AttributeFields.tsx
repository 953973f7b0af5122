import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Category, ServiceAttribute } from '@zhili/contracts';

/** The report form's attribute values, by attribute code. */
export type AttributeFormValues = Record<string, string | string[] | number | Dayjs | undefined>;

/** Attribute values as the intake takes them: strings, or lists of strings. */
export function attributeValues(raw: AttributeFormValues | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (dayjs.isDayjs(v)) out[k] = v.toISOString();
    else out[k] = String(v);
  }
  return out;
}

/** The category's Open311 attributes as form fields, in their order. */
export function AttributeFields({ category }: { category: Category }) {
  const attrs = [...category.attributes].filter((a) => a.variable).sort((a, b) => a.order - b.order);
  if (attrs.length === 0) return null;
  return (
    <>
      {attrs.map((a) => (
        <Form.Item
          key={a.code}
          name={['attributes', a.code]}
          label={a.description}
          tooltip={a.datatypeDescription ?? undefined}
          rules={a.required ? [{ required: true }] : []}
        >
          {attributeInput(a)}
        </Form.Item>
      ))}
    </>
  );
}

function attributeInput(a: ServiceAttribute) {
  const tid = { 'data-testid': `inc-attr-${a.code}` };
  switch (a.datatype) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} {...tid} />;
    case 'datetime':
      return <DatePicker showTime style={{ width: '100%' }} {...tid} />;
    case 'text':
      return <Input.TextArea autoSize={{ minRows: 2 }} {...tid} />;
    case 'singlevaluelist':
      return <Select allowClear options={a.values.map((v) => ({ value: v.key, label: v.name }))} {...tid} />;
    case 'multivaluelist':
      return (
        <Select mode="multiple" allowClear options={a.values.map((v) => ({ value: v.key, label: v.name }))} {...tid} />
      );
    case 'string':
      return <Input {...tid} />;
  }
}
