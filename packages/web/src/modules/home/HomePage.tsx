import { Card, Col, Flex, Row, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  BookOutlined,
  ClusterOutlined,
  CommentOutlined,
  FileDoneOutlined,
  HomeOutlined,
  TrophyOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/me.ts';
import { RoleTag } from '../accounts/RoleTag.tsx';
import { useScope } from '../layout/scope.tsx';
import { RegionChildrenChart } from './RegionChildrenChart.tsx';
import { usePlaceName } from '../../lib/placeName.ts';

/** The capabilities being built, from the brief; shown as "coming", never with invented numbers. */
const COMING = [
  { key: 'incidents', icon: <AlertOutlined /> },
  { key: 'mediation', icon: <CommentOutlined /> },
  { key: 'jointServices', icon: <FileDoneOutlined /> },
  { key: 'evaluation', icon: <TrophyOutlined /> },
  { key: 'training', icon: <BookOutlined /> },
  { key: 'homestays', icon: <HomeOutlined /> },
  { key: 'sensing', icon: <WifiOutlined /> },
  { key: 'standards', icon: <ClusterOutlined /> },
];

/** Home: welcome, the caller's roles and scopes, the scope's regions chart, coming modules. */
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
      <RegionChildrenChart scopeCode={scope?.regionCode ?? null} scopeName={scopeName} />
      <div>
        <Typography.Title level={5}>{t('home.comingTitle')}</Typography.Title>
        <Row gutter={[12, 12]}>
          {COMING.map((m) => (
            <Col key={m.key} xs={24} sm={12} lg={6}>
              <Card size="small" style={{ height: '100%' }} data-testid={`home-module-${m.key}`}>
                <Flex gap={8} align="center" style={{ marginBottom: 6 }}>
                  <span style={{ fontSize: 18, color: '#1677ff' }}>{m.icon}</span>
                  <Typography.Text strong>{t(`home.modules.${m.key}.title`)}</Typography.Text>
                  <Tag style={{ marginInlineStart: 'auto' }}>{t('home.coming')}</Tag>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t(`home.modules.${m.key}.text`)}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </div>
    </Flex>
  );
}
