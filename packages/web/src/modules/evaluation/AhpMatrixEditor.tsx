import { Alert, InputNumber, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ahpCheck, onesMatrix, setPairwise } from './frameworkTree.ts';
import type { FrameworkNode } from './types.ts';

/** 3 → "3.00", 1/3 → "1/3.00": how Saaty's scale is read. */
function ratioText(v: number): string {
  return v >= 1 ? v.toFixed(2) : `1/${(1 / v).toFixed(2)}`;
}

/**
 * The pairwise comparison matrix of a node's children (Saaty's 1–9 scale). Only the upper
 * triangle is typed; the lower one follows as reciprocals. The consistency ratio is shown live;
 * the server refuses CR ≥ 0.1 on save.
 */
export function AhpMatrixEditor({ node, onChange }: { node: FrameworkNode; onChange: (m: number[][]) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const children = node.children ?? [];
  const n = children.length;
  const matrix = node.pairwise && node.pairwise.length === n ? node.pairwise : onesMatrix(n);
  const check = ahpCheck(matrix);
  const ok = check.cr < 0.1;

  return (
    <div data-testid="eval-ahp-editor">
      <Table
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey="i"
        dataSource={children.map((c, i) => ({ i, c }))}
        columns={[
          { title: '', key: 'name', render: (_: unknown, r) => pick(lang, r.c.name.zh, r.c.name.en) },
          ...children.map((c, j) => ({
            title: c.code,
            key: `c${j}`,
            render: (_: unknown, r: { i: number }) =>
              r.i < j ? (
                <InputNumber
                  size="small"
                  min={1 / 9}
                  max={9}
                  step={1}
                  value={Number((matrix[r.i]?.[j] ?? 1).toFixed(4))}
                  onChange={(v) => v !== null && onChange(setPairwise(matrix, r.i, j, v))}
                  style={{ width: 72 }}
                  data-testid={`eval-ahp-${r.i}-${j}`}
                />
              ) : (
                <Typography.Text type="secondary">{ratioText(matrix[r.i]?.[j] ?? 1)}</Typography.Text>
              ),
          })),
          {
            title: t('evaluation.ahpWeight'),
            key: 'w',
            render: (_: unknown, r) => `${((check.weights[r.i] ?? 0) * 100).toFixed(1)}%`,
          },
        ]}
      />
      <Alert
        style={{ marginTop: 8 }}
        type={ok ? 'success' : 'error'}
        showIcon
        data-testid="eval-ahp-cr"
        message={t('evaluation.ahpCr', { cr: check.cr.toFixed(3), lambda: check.lambdaMax.toFixed(3) })}
        description={ok ? undefined : t('evaluation.ahpInconsistent')}
      />
    </div>
  );
}
