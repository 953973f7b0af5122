import { Card, Flex, Select, Skeleton, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert, PageHeader } from '../../lib/ui.tsx';
import { AwardsTab } from './AwardsTab.tsx';
import { DataTab } from './DataTab.tsx';
import { FrameworkEditor } from './FrameworkEditor.tsx';
import { ResultsTab } from './ResultsTab.tsx';
import { SensitivityTab } from './SensitivityTab.tsx';
import { useFramework, useFrameworkVersions } from './evaluationApi.ts';

const TABS = ['editor', 'data', 'results', 'awards', 'sensitivity'] as const;
type Tab = (typeof TABS)[number];

/**
 * One framework: editor, data, results, awards and sensitivity as tabs. The tab and the chosen
 * run live in the URL (`?tab=results&run=…`) so a link or a reload lands on the same view.
 */
export function FrameworkPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { code } = useParams<{ code: string }>();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'results';
  const runId = params.get('run') ?? undefined;
  const version = Number(params.get('v')) || undefined;
  const detail = useFramework(code, version);
  const versions = useFrameworkVersions(code);

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const selectRun = (id: string | undefined) => setParam({ run: id });

  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const fw = detail.data;

  return (
    <>
      <PageHeader
        title={
          <span data-testid="eval-framework-title">
            {pick(lang, fw.framework.name.zh, fw.framework.name.en)}{' '}
            <small style={{ fontWeight: 'normal', color: '#888' }}>
              {fw.code} · v{fw.version}
            </small>
          </span>
        }
        extra={
          <Flex gap={8} align="center" wrap>
            <Select
              size="small"
              value={fw.version}
              onChange={(v: number) => setParam({ v: String(v) })}
              style={{ width: 110 }}
              data-testid="eval-framework-version"
              options={[...(versions.data ?? [])]
                .sort((a, b) => b.version - a.version)
                .map((v) => ({ value: v.version, label: `v${v.version}` }))}
            />
            <Link to="/evaluation">{t('evaluation.backToList')}</Link>
          </Flex>
        }
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParam({ tab: k })}
          destroyOnHidden
          items={[
            {
              key: 'results',
              label: <span data-testid="eval-tab-results">{t('evaluation.tab.results')}</span>,
              children: <ResultsTab detail={fw} runId={runId} onRunChange={selectRun} />,
            },
            {
              key: 'data',
              label: <span data-testid="eval-tab-data">{t('evaluation.tab.data')}</span>,
              children: <DataTab detail={fw} />,
            },
            {
              key: 'awards',
              label: <span data-testid="eval-tab-awards">{t('evaluation.tab.awards')}</span>,
              children: <AwardsTab detail={fw} runId={runId} onRunChange={selectRun} />,
            },
            {
              key: 'sensitivity',
              label: <span data-testid="eval-tab-sensitivity">{t('evaluation.tab.sensitivity')}</span>,
              children: <SensitivityTab detail={fw} runId={runId} onRunChange={selectRun} />,
            },
            {
              key: 'editor',
              label: <span data-testid="eval-tab-editor">{t('evaluation.tab.editor')}</span>,
              children: <FrameworkEditor key={fw.version} detail={fw} onSaved={(v) => setParam({ v: String(v) })} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
