import { useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Empty, Flex, Skeleton, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ROLE_PERMISSIONS, type Me } from '@zhili/contracts';
import { useCan, useMe } from '../auth/me.ts';
import { useNames } from '../../lib/names.ts';
import { usePlaceName } from '../../lib/placeName.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { CreateChildModal, RenameModal } from './RegionForms.tsx';
import { useRegion } from './regionsApi.ts';

/** Whether one of the caller's region.read grants covers `path` (so a breadcrumb link works). */
function canReadPath(me: Me, path: string): boolean {
  return me.roles.some(
    (r) =>
      ROLE_PERMISSIONS[r.role].includes('region.read') &&
      (r.regionPath === null
        ? r.organizationId === null
        : path === r.regionPath || path.startsWith(`${r.regionPath}/`)),
  );
}

/** The selected region: its ancestry as a breadcrumb, its fields, and the write actions. */
export function RegionDetail({ code, onSelect }: { code: string | null; onSelect: (code: string) => void }) {
  const { t } = useTranslation();
  const { levelName } = useNames();
  const place = usePlaceName();
  const me = useMe();
  const canWrite = useCan('region.write');
  const detail = useRegion(code);
  const [dialog, setDialog] = useState<'create' | 'rename' | null>(null);

  if (!code)
    return (
      <Card>
        <Empty description={t('region.selectHint')} />
      </Card>
    );
  if (detail.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const r = detail.data;

  return (
    <Card
      data-testid="region-detail"
      title={
        <Flex align="center" gap={8} wrap>
          <span data-testid="region-detail-name">{place(r.name)}</span>
          {place(r.name) !== r.name ? <span style={{ color: '#999', fontWeight: 'normal' }}>{r.name}</span> : null}
          {r.illustrative ? <Tag color="orange">{t('region.illustrative')}</Tag> : null}
        </Flex>
      }
      extra={
        canWrite ? (
          <Flex gap={8} wrap>
            <Button icon={<PlusOutlined />} onClick={() => setDialog('create')} data-testid="region-create-child">
              {t('region.createChild')}
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setDialog('rename')} data-testid="region-rename">
              {t('region.rename')}
            </Button>
          </Flex>
        ) : null
      }
    >
      <Breadcrumb
        data-testid="region-breadcrumb"
        style={{ marginBottom: 16 }}
        items={[
          ...(r.ancestors ?? []).map((a) => ({
            key: a.code,
            title: canReadPath(me, a.path) ? (
              <a onClick={() => onSelect(a.code)} role="link">
                {place(a.name)}
              </a>
            ) : (
              place(a.name)
            ),
          })),
          { key: r.code, title: place(r.name) },
        ]}
      />
      <Descriptions
        column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 2, xxl: 2 }}
        size="small"
        bordered
        styles={{ label: { whiteSpace: 'nowrap' } }}
      >
        <Descriptions.Item label={t('region.code')}>{r.code}</Descriptions.Item>
        <Descriptions.Item label={t('region.level')}>{levelName(r.level)}</Descriptions.Item>
        <Descriptions.Item label={t('region.parent')}>{place(r.ancestors?.at(-1)?.name) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('region.childCount')}>{r.childCount ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('region.source')}>
          {r.illustrative ? t('region.sourceIllustrative') : t('region.sourceOfficial')}
        </Descriptions.Item>
      </Descriptions>
      {canWrite ? (
        <>
          <CreateChildModal
            parent={r}
            open={dialog === 'create'}
            onClose={() => setDialog(null)}
            onCreated={(child) => onSelect(child.code)}
          />
          <RenameModal region={r} open={dialog === 'rename'} onClose={() => setDialog(null)} />
        </>
      ) : null}
    </Card>
  );
}
