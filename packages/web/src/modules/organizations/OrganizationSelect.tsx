import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNames } from '../../lib/names.ts';
import { useOrganizations } from './organizationsApi.ts';

/** Picks an organization by name (`GET /api/organizations?q=`), optionally within a region. */
export function OrganizationSelect({
  value,
  onChange,
  region,
  testId = 'organization-select',
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  region?: string | null;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { orgTypeName } = useNames();
  const [q, setQ] = useState('');
  const list = useOrganizations({ q: q || undefined, region: region ?? undefined, page: 1, pageSize: 20 });
  return (
    <Select
      showSearch
      allowClear
      value={value ?? undefined}
      filterOption={false}
      onSearch={setQ}
      loading={list.isFetching}
      placeholder={t('organization.optional')}
      data-testid={testId}
      style={{ minWidth: 180 }}
      onChange={(id: string | undefined) => onChange?.(id ?? null)}
      options={(list.data?.items ?? []).map((o) => ({
        value: o.id,
        label: `${o.name}（${orgTypeName(o.type)}）`,
      }))}
    />
  );
}
