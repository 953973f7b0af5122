import { useEffect, useRef, useState } from 'react';
import { Button, Card, Col, Input, Row } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useCan } from '../auth/me.ts';
import { useScope } from '../layout/scope.tsx';
import { PageHeader } from '../../lib/ui.tsx';
import { RegionDetail } from './RegionDetail.tsx';
import { RegionSearchResults } from './RegionSearchResults.tsx';
import { RegionTree } from './RegionTree.tsx';

/** Regions admin: the scope's tree (or search results) beside the selected region's detail. */
export default function RegionsPage() {
  const { t } = useTranslation();
  const canWrite = useCan('region.write');
  const { scope } = useScope();
  const [params, setParams] = useSearchParams();
  const selected = params.get('code');
  const [q, setQ] = useState('');
  const rootCode = scope?.regionCode ?? null;

  const select = (code: string) => {
    const next = new URLSearchParams(params);
    next.set('code', code);
    setParams(next, { replace: true });
  };

  // A new scope starts at its own root, not at a region of the previous scope; only a link
  // opened with `?code=` keeps its region on the first render.
  const firstRun = useRef(true);
  useEffect(() => {
    const keep = firstRun.current && params.get('code');
    firstRun.current = false;
    if (keep) return;
    const next = new URLSearchParams(params);
    if (rootCode) next.set('code', rootCode);
    else next.delete('code');
    setParams(next, { replace: true });
  }, [rootCode]);

  return (
    <>
      <PageHeader
        title={t('nav.regions')}
        extra={
          canWrite ? (
            <Link to="/regions/import">
              <Button icon={<UploadOutlined />} data-testid="region-import-link">
                {t('nav.regionImport')}
              </Button>
            </Link>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Input.Search
              allowClear
              placeholder={t('region.searchPlaceholder')}
              onSearch={(v) => setQ(v.trim())}
              onChange={(e) => {
                if (!e.target.value) setQ('');
              }}
              data-testid="region-search"
              style={{ marginBottom: 12 }}
            />
            {q ? (
              <RegionSearchResults q={q} onSelect={select} />
            ) : (
              <RegionTree rootCode={rootCode} selected={selected} onSelect={select} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <RegionDetail code={selected} onSelect={select} />
        </Col>
      </Row>
    </>
  );
}
