import { useState } from 'react';
import { Button, Card, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Category } from '@zhili/contracts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader, testId } from '../../lib/ui.tsx';
import { CalendarsTab } from './CalendarsTab.tsx';
import { CategoryEditor } from './CategoryEditor.tsx';
import { useCategories } from './incidentsApi.ts';
import { useIncidentNames } from './names.ts';
import { OutlinesTab } from './OutlinesTab.tsx';
import { PrefixesTab } from './PrefixesTab.tsx';
import { RulesTab } from './RulesTab.tsx';
import './i18n.ts';

/** Settings of the centre: categories, dispatch rules, working calendars, outlines, prefixes. */
export default function ConfigPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('inc.config')} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'categories', label: t('inc.categories'), children: <CategoriesTab /> },
            { key: 'rules', label: t('inc.rules'), children: <RulesTab /> },
            { key: 'calendars', label: t('inc.calendars'), children: <CalendarsTab /> },
            { key: 'outlines', label: t('inc.outlines'), children: <OutlinesTab /> },
            { key: 'prefixes', label: t('inc.prefixes'), children: <PrefixesTab /> },
          ]}
        />
      </Card>
    </>
  );
}

/** The categories (Open311 services), each opening its editor. */
function CategoriesTab() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const names = useIncidentNames();
  const list = useCategories({ all: true });
  const [editing, setEditing] = useState<{ c: Category | null } | null>(null);
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setEditing({ c: null })}
        style={{ marginBottom: 12 }}
        data-testid="inc-category-new"
      >
        {t('inc.newCategory')}
      </Button>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<Category>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(c) => ({
          onClick: () => setEditing({ c }),
          style: { cursor: 'pointer' },
          ...testId(`inc-category-row-${c.code}`),
        })}
        columns={[
          { title: t('inc.code'), dataIndex: 'code' },
          { title: t('inc.category'), key: 'name', render: (_: unknown, c) => pick(lang, c.nameZh, c.nameEn) },
          { title: t('inc.group'), key: 'group', render: (_: unknown, c) => pick(lang, c.groupName, c.groupNameEn) },
          { title: t('inc.handlingLevel'), dataIndex: 'handlingLevel', render: (l: string) => names.levelName(l) },
          {
            title: t('inc.onSiteRequired'),
            dataIndex: 'onSiteRequired',
            render: (b: boolean) => (b ? t('inc.yes') : t('inc.no')),
          },
          {
            title: t('inc.defaultPriority'),
            dataIndex: 'defaultPriority',
            render: (p: string) => names.priorityName(p),
          },
          { title: t('inc.attrs'), key: 'attrs', render: (_: unknown, c) => c.attributes.length },
          {
            title: t('inc.active'),
            dataIndex: 'active',
            render: (b: boolean) => (
              <Tag color={b ? 'green' : 'default'}>{b ? t('common.active') : t('common.inactive')}</Tag>
            ),
          },
        ]}
      />
      {editing ? (
        <CategoryEditor category={editing.c} isNew={editing.c === null} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
