import { Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { diffJson, type DiffRow } from './jsonDiff.ts';

const COLORS: Record<DiffRow['kind'], string | undefined> = {
  added: '#f6ffed',
  removed: '#fff1f0',
  changed: '#fffbe6',
  same: undefined,
};

/** Long values (user agents, JSON blobs) wrap instead of widening the audit table. */
const VALUE_STYLE = { maxWidth: 360, wordBreak: 'break-all', whiteSpace: 'pre-wrap' } as const;

function show(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Before/after of one audit entry as a leaf table; unchanged leaves hidden unless asked for. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const [showSame, setShowSame] = useState(false);
  const rows = diffJson(before, after);
  const visible = showSame ? rows : rows.filter((r) => r.kind !== 'same');

  return (
    <div data-testid="audit-diff">
      <div style={{ marginBottom: 8 }}>
        <Switch size="small" checked={showSame} onChange={setShowSame} />{' '}
        <Typography.Text type="secondary">
          {t('audit.showUnchanged', { count: rows.length - rows.filter((r) => r.kind !== 'same').length })}
        </Typography.Text>
      </div>
      <Table<DiffRow>
        rowKey="path"
        size="small"
        pagination={false}
        dataSource={visible}
        locale={{ emptyText: t('audit.noChanges') }}
        onRow={(r) => ({ style: { background: COLORS[r.kind] } })}
        columns={[
          {
            title: t('audit.field'),
            dataIndex: 'path',
            render: (p: string) => <Typography.Text code>{p}</Typography.Text>,
          },
          { title: t('audit.change'), dataIndex: 'kind', render: (k: DiffRow['kind']) => t(`audit.kind.${k}`) },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (v: unknown, r) => (
              <div
                style={{
                  ...VALUE_STYLE,
                  textDecoration: r.kind === 'removed' || r.kind === 'changed' ? 'line-through' : undefined,
                }}
              >
                {show(v)}
              </div>
            ),
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (v: unknown) => <div style={VALUE_STYLE}>{show(v)}</div>,
          },
        ]}
      />
    </div>
  );
}
