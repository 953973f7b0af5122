import { Button, Card, Flex, Form, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@zhili/contracts';
import { useNames } from '../../lib/names.ts';
import { OrganizationSelect } from '../organizations/OrganizationSelect.tsx';
import { RegionSelect } from '../regions/RegionSelect.tsx';

/** Role select with zh names, for the create drawer, the add-role form and API keys. */
export function RoleSelect({
  value,
  onChange,
  testId,
}: {
  value?: string;
  onChange?: (v: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { roleName } = useNames();
  return (
    <Select
      value={value}
      onChange={onChange}
      placeholder={t('account.role')}
      data-testid={testId}
      style={{ minWidth: 180 }}
      showSearch
      optionFilterProp="label"
      options={ROLES.map((r) => ({ value: r, label: roleName(r) }))}
    />
  );
}

/**
 * The `roles` list of the account form: each row a role, its region scope (searched by name)
 * and an optional organization. Field names match the API (`roles.0.regionCode`), so server
 * errors land on the right input.
 */
export function RoleAssignmentFields() {
  const { t } = useTranslation();
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map((field, i) => (
            <Card key={field.key} size="small" data-testid={`account-form-role-row-${i}`}>
              <Form.Item
                name={[field.name, 'role']}
                label={t('account.role')}
                rules={[{ required: true, message: t('account.roleRequired') }]}
              >
                <RoleSelect testId={`account-form-role-${i}`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'regionCode']}
                label={t('account.scopeRegion')}
                extra={t('account.scopeHint')}
              >
                <RegionSelect testId={`account-form-region-${i}`} />
              </Form.Item>
              <Form.Item name={[field.name, 'organizationId']} label={t('account.scopeOrganization')}>
                <OrganizationSelect testId={`account-form-org-${i}`} />
              </Form.Item>
              <Button
                danger
                size="small"
                icon={<DeleteOutlined />}
                onClick={() => remove(field.name)}
                data-testid={`account-form-role-remove-${i}`}
              >
                {t('account.removeRole')}
              </Button>
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ role: undefined, regionCode: null, organizationId: null })}
            data-testid="account-form-role-add"
          >
            {t('account.addRole')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
