import { Button, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { MEDIATION_TYPES, PARTY_ROLES, URGENCIES, type CaseCreate, type PartyInput } from '@zhili/contracts';
import { applyFieldErrors } from '../../lib/errors.ts';
import { ErrorAlert, testId } from '../../lib/ui.tsx';
import { useIsPhone } from '../../lib/useIsPhone.ts';
import { useScope } from '../layout/scope.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';
import { HometownPicker } from './HometownPicker.tsx';
import { useCreateCase } from './mediationApi.ts';
import { useMedNames } from './names.ts';

interface PartyValues {
  name: string;
  side: PartyInput['side'];
  role: PartyInput['role'];
  kind: PartyInput['kind'];
  hometownCode: string | null;
  dialects: string[];
  phone?: string;
}
interface CaseValues {
  type: CaseCreate['type'];
  title: string;
  description: string;
  amount: number | null;
  urgency: CaseCreate['urgency'];
  regionCode: string | null;
  address?: string;
  occurredOn: Dayjs | null;
  parties: PartyValues[];
  fileIncident: boolean;
}

const blankParty = (side: PartyInput['side']): PartyValues => ({
  name: '',
  side,
  role: side === 'applicant' ? 'worker' : 'employer',
  kind: side === 'applicant' ? 'person' : 'organization',
  hometownCode: null,
  dialects: [],
});

/** Registers a case directly (the centre files a linked incident unless told not to). */
export function CaseForm({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const names = useMedNames();
  const { scope } = useScope();
  const [form] = Form.useForm<CaseValues>();
  const create = useCreateCase();

  const submit = (v: CaseValues) => {
    const body: Partial<CaseCreate> = {
      type: v.type,
      title: v.title,
      description: v.description,
      amount: v.amount ?? null,
      urgency: v.urgency,
      regionCode: v.regionCode ?? '',
      address: v.address?.trim() || null,
      occurredOn: v.occurredOn ? v.occurredOn.format('YYYY-MM-DD') : null,
      fileIncident: v.fileIncident,
      parties: v.parties.map((p) => ({
        name: p.name,
        side: p.side,
        role: p.role,
        kind: p.kind,
        hometownCode: p.hometownCode,
        hometownName: null,
        dialects: p.dialects,
        phone: p.phone?.trim() || null,
        idNumber: null,
        address: null,
      })),
    };
    create.mutate(body, {
      onSuccess: (d) => onCreated(d.id),
      onError: (err) => applyFieldErrors(form, err),
    });
  };

  return (
    <Modal
      open
      title={t('med.case.register')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      okButtonProps={{ loading: create.isPending, ...testId('med-case-submit') }}
      width={isPhone ? '100%' : 820}
      destroyOnHidden
    >
      <Form<CaseValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          type: 'labour_injury',
          urgency: 'normal',
          regionCode: scope?.regionCode ?? null,
          occurredOn: null,
          amount: null,
          fileIncident: true,
          parties: [blankParty('applicant'), blankParty('respondent')],
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="type" label={t('med.case.type')} rules={[{ required: true }]}>
              <Select options={names.options('type', MEDIATION_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('med.case.title')} rules={[{ required: true, max: 200 }]}>
              <Input data-testid="med-case-title" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('med.case.description')} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="med-case-description" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name="amount" label={t('med.case.amount')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="urgency" label={t('med.case.urgency')}>
              <Select options={names.options('urgency', URGENCIES)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="occurredOn" label={t('med.case.occurredOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="regionCode" label={t('med.case.region')} rules={[{ required: true }]}>
              <RegionSelect
                initialLabel={scope?.regionName ?? null}
                style={{ width: '100%' }}
                testId="med-case-region"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('med.case.address')}>
          <Input />
        </Form.Item>
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key}>
                  <Divider orientation="left" plain style={{ margin: '8px 0' }}>
                    {t('med.party.n', { n: i + 1 })}
                    {fields.length > 2 ? (
                      <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                    ) : null}
                  </Divider>
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'name']} label={t('med.party.name')} rules={[{ required: true }]}>
                        <Input data-testid={`med-party-${i}-name`} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[field.name, 'side']} label={t('med.party.side')}>
                        <Select options={names.options('side', ['applicant', 'respondent'])} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[field.name, 'role']} label={t('med.party.role')}>
                        <Select options={names.options('role', PARTY_ROLES)} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[field.name, 'kind']} label={t('med.party.kind')}>
                        <Select
                          options={[
                            { value: 'person', label: t('med.party.person') },
                            { value: 'organization', label: t('med.party.organization') },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={10}>
                      <Form.Item name={[field.name, 'hometownCode']} label={t('med.hometown.label')}>
                        <HometownPicker testId={`med-party-${i}-hometown`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'dialects']} label={t('med.mediator.dialects')}>
                        <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[field.name, 'phone']} label={t('med.party.phone')}>
                        <Input inputMode="tel" />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add(blankParty('respondent'))}
                disabled={fields.length >= 20}
              >
                {t('med.party.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="fileIncident" valuePropName="checked" style={{ marginTop: 12, marginBottom: 0 }}>
          <Checkbox>{t('med.case.fileIncident')}</Checkbox>
        </Form.Item>
        {create.error ? <ErrorAlert error={create.error} testId="med-case-error" /> : null}
      </Form>
    </Modal>
  );
}
