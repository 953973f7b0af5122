import { Card, Col, Flex, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { BookOutlined, ClusterOutlined, FileDoneOutlined, HomeOutlined, WifiOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/me.ts';
import { RoleTag } from '../accounts/RoleTag.tsx';
import { useScope } from '../layout/scope.tsx';
import { RegionChildrenChart } from './RegionChildrenChart.tsx';
import { usePlaceName } from '../../lib/placeName.ts';
import { COMING_MODULES } from './homeCards.ts';
import { MyWork } from './WorkCards.tsx';

/** The capabilities still being built, from the brief; shown as "coming", never with numbers. */
const COMING_ICONS: Record<(typeof COMING_MODULES)[number], ReactNode> = {
  jointServices: <FileDoneOutlined />,
  training: <BookOutlined />,
  homestays: <HomeOutlined />,
  sensing: <WifiOutlined />,
  standards: <ClusterOutlined />,
};

/**
 * Home: welcome, the caller's roles and scopes, "my work" (the built modules the caller may
 * open, with live counts), the scope's regions chart, and the modules still coming.
 */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { scope } = useScope();
  const place = usePlaceName();
  const scopeName = (scope?.regionName ? place(scope.regionName) : null) ?? scope?.organizationName ?? t('scope.all');

  return (
    <Flex vertical gap={16}>
      <Card data-testid="home-welcome">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        <Typography.Text strong>{t('home.yourRoles')}</Typography.Text>
        <Flex wrap gap={4} style={{ marginTop: 8 }} data-testid="home-roles">
          {me.roles.length === 0 ? <Typography.Text type="secondary">{t('account.noRoles')}</Typography.Text> : null}
          {me.roles.map((r) => (
            <RoleTag key={r.id} role={r} />
          ))}
        </Flex>
      </Card>
      <MyWork />
      <RegionChildrenChart scopeCode={scope?.regionCode ?? null} scopeName={scopeName} />
      <div>
        <Typography.Title level={5}>{t('home.comingTitle')}</Typography.Title>
        {/* Five cards: three and two on a laptop, one row on a wide screen. */}
        <Row gutter={[12, 12]}>
          {COMING_MODULES.map((key) => (
            <Col key={key} xs={24} sm={12} lg={8} xl={{ flex: '20%' }}>
              <Card size="small" style={{ height: '100%' }} data-testid={`home-module-${key}`}>
                <Flex gap={8} align="center" style={{ marginBottom: 6 }}>
                  <span style={{ fontSize: 18, color: '#8c8c8c' }}>{COMING_ICONS[key]}</span>
                  <Typography.Text strong>{t(`home.modules.${key}.title`)}</Typography.Text>
                  <Tag style={{ marginInlineStart: 'auto' }}>{t('home.coming')}</Tag>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t(`home.modules.${key}.text`)}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </div>
    </Flex>
  );
}
