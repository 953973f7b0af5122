import { useEffect } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { REGION_LEVELS, type Region, type RegionCreate, type RegionLevel } from '@zhili/contracts';
import { applyFieldErrors, errorText } from '../../lib/errors.ts';
import { useLanguage } from '../../lib/i18n.ts';
import { useNames } from '../../lib/names.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { testId } from '../../lib/ui.tsx';
import { childLevelOf, useCreateRegion, useUpdateRegion } from './regionsApi.ts';

interface CreateValues {
  code: string;
  name: string;
  level: RegionLevel;
  illustrative: boolean;
}

/** Creates a child of `parent`; the code starts with the parent's code, as statistical codes do. */
export function CreateChildModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: Region;
  open: boolean;
  onClose: () => void;
  onCreated: (r: Region) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { levelName } = useNames();
  const place = usePlaceName();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateRegion();

  useEffect(() => {
    if (open) {
      create.reset();
      form.setFieldsValue({ code: parent.code, name: '', level: childLevelOf(parent.level), illustrative: false });
    }
    // Only when the dialog opens for a parent; `create`/`form` are stable enough for this.
  }, [open, parent.code]);

  const submit = (v: CreateValues) => {
    const body: RegionCreate = { ...v, code: v.code.trim(), parentCode: parent.code };
    create.mutate(body, {
      onSuccess: (r) => {
        onCreated(r);
        onClose();
      },
      onError: (err) => applyFieldErrors(form, err),
    });
  };

  return (
    <Modal
      open={open}
      title={t('region.createChildOf', { name: place(parent.name) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      okButtonProps={{ loading: create.isPending, ...testId('region-create-submit') }}
      destroyOnHidden
    >
      {create.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(create.error, lang, t)} />
      ) : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="code" label={t('region.code')} extra={t('region.codeHint')} rules={[{ required: true }]}>
          <Input data-testid="region-form-code" />
        </Form.Item>
        <Form.Item name="name" label={t('region.name')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="region-form-name" />
        </Form.Item>
        <Form.Item name="level" label={t('region.level')} rules={[{ required: true }]}>
          <Select
            data-testid="region-form-level"
            options={REGION_LEVELS.map((l) => ({ value: l, label: levelName(l) }))}
          />
        </Form.Item>
        <Form.Item name="illustrative" valuePropName="checked">
          <Checkbox data-testid="region-form-illustrative">{t('region.illustrativeHint')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RenameValues {
  name: string;
  illustrative: boolean;
}

/** Renames a region (or flips its "illustrative" mark); the code never changes. */
export function RenameModal({ region, open, onClose }: { region: Region; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<RenameValues>();
  const update = useUpdateRegion();

  useEffect(() => {
    if (open) {
      update.reset();
      form.setFieldsValue({ name: region.name, illustrative: region.illustrative });
    }
  }, [open, region.code]);

  return (
    <Modal
      open={open}
      title={t('region.renameTitle', { code: region.code })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: update.isPending, ...testId('region-rename-submit') }}
      destroyOnHidden
    >
      {update.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(update.error, lang, t)} />
      ) : null}
      <Form<RenameValues>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          update.mutate(
            { code: region.code, name: v.name.trim(), illustrative: v.illustrative },
            { onSuccess: onClose, onError: (err) => applyFieldErrors(form, err) },
          )
        }
      >
        <Form.Item name="name" label={t('region.name')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="region-form-name" />
        </Form.Item>
        <Form.Item name="illustrative" valuePropName="checked">
          <Checkbox>{t('region.illustrativeHint')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
