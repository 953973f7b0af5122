import { useEffect } from 'react';
import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRuns } from './evaluationApi.ts';
import type { RunSummary } from './types.ts';

/** Newest first: later year, then higher version. */
export function sortRuns(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => b.year - a.year || b.version - a.version);
}

/**
 * The run (year · version · status) the results, awards and sensitivity tabs show. With none
 * chosen yet it picks the newest, so the tabs open on something.
 */
export function RunPicker({
  framework,
  runId,
  onChange,
}: {
  framework: string;
  runId: string | undefined;
  onChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const runs = useRuns(framework);
  const sorted = sortRuns(runs.data ?? []);
  const first = sorted[0]?.id;

  useEffect(() => {
    if (!runId && first) onChange(first);
  }, [runId, first, onChange]);

  return (
    <Select
      value={runId}
      loading={runs.isFetching}
      placeholder={t('evaluation.noRuns')}
      onChange={(v: string) => onChange(v)}
      style={{ minWidth: 240 }}
      data-testid="eval-run-picker"
      options={sorted.map((r) => ({
        value: r.id,
        label: (
          <span data-testid={`eval-run-option-${r.year}-${r.version}`}>
            {t('evaluation.runLabel', { year: r.year, version: r.version })}{' '}
            <Tag color={r.status === 'published' ? 'green' : 'default'}>{t(`evaluation.status.${r.status}`)}</Tag>
          </span>
        ),
      }))}
    />
  );
}
