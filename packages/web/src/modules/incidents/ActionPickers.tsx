import { useState } from 'react';
import { Select } from 'antd';
import { useAccounts } from '../accounts/accountsApi.ts';
import { useOrganizations } from '../organizations/organizationsApi.ts';
import { useIncidents } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';

/** Search-as-you-type pickers of the action forms: departments, accounts, incidents. */

/** Several departments by name, for the whistle. */
export function OrganizationsMulti({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const [q, setQ] = useState('');
  const list = useOrganizations({ q: q || undefined, page: 1, pageSize: 30 });
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={list.isFetching}
      data-testid="inc-whistle-orgs"
      options={(list.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

/** An account by name, for dispatching to a named handler (needs account.read). */
export function AccountPicker({ value, onChange }: { value?: string | null; onChange?: (v: string | null) => void }) {
  const [q, setQ] = useState('');
  const list = useAccounts({ q: q || undefined, page: 1, pageSize: 20 });
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      data-testid="inc-dispatch-account"
      options={(list.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.displayName}（${a.username}）` }))}
    />
  );
}

/** Another incident by its number, for merging a duplicate. */
export function IncidentPicker({
  value,
  onChange,
  exclude,
}: {
  value?: string;
  onChange?: (v: string) => void;
  exclude: string;
}) {
  const names = useIncidentNames();
  const [q, setQ] = useState('');
  const list = useIncidents({ q: q || undefined, page: 1, pageSize: 10 }, { enabled: q.length > 0 });
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={list.isFetching}
      data-testid="inc-merge-target"
      options={(list.data?.items ?? [])
        .filter((i) => i.id !== exclude)
        .map((i) => ({ value: i.id, label: `${i.number} ${names.categoryName(i)} ${i.description.slice(0, 30)}` }))}
    />
  );
}
