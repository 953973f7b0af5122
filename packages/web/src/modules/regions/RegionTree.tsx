import { useMemo, useState } from 'react';
import { Empty, Skeleton, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Page, Region } from '@zhili/contracts';
import { useNames } from '../../lib/names.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { MAX_PAGE, REGIONS_KEY, listRegions, loadTopRegions, regionListKey, useRegion } from './regionsApi.ts';
import { usePlaceName } from '../../lib/placeName.ts';

const childrenParams = (parent: string) => ({ parent, pageSize: MAX_PAGE });

/**
 * The region tree, rooted at the chosen scope (or the top level for an unlimited scope).
 * Children load lazily (`?parent=`) and stay in the query cache, so an invalidation after a
 * create or rename refreshes the open branches in place.
 */
export function RegionTree({
  rootCode,
  selected,
  onSelect,
}: {
  rootCode: string | null;
  selected: string | null;
  onSelect: (code: string) => void;
}) {
  const { t } = useTranslation();
  const { levelName } = useNames();
  const place = usePlaceName();
  const qc = useQueryClient();
  const [loadedParents, setLoadedParents] = useState<string[]>([]);

  const rootDetail = useRegion(rootCode);
  const top = useQuery({ queryKey: [...REGIONS_KEY, 'top'], queryFn: loadTopRegions, enabled: rootCode === null });
  const roots = rootCode ? (rootDetail.data ? [rootDetail.data] : undefined) : top.data;
  const rootsQuery = rootCode ? rootDetail : top;

  const childQueries = useQueries({
    queries: loadedParents.map((code) => ({
      queryKey: regionListKey(childrenParams(code)),
      queryFn: () => listRegions(childrenParams(code)),
    })),
  });
  const childrenOf = useMemo(() => {
    const map = new Map<string, Page<Region>>();
    loadedParents.forEach((code, i) => {
      const data = childQueries[i]?.data;
      if (data) map.set(code, data);
    });
    return map;
  }, [loadedParents, childQueries]);

  const treeData = useMemo(() => {
    const build = (r: Region): TreeDataNode => {
      const page = childrenOf.get(r.code);
      const children = page?.items.map(build);
      if (page && page.total > page.items.length) {
        children?.push({
          key: `${r.code}:more`,
          title: (
            <Typography.Text type="secondary">
              {t('region.moreChildren', { count: page.total - page.items.length })}
            </Typography.Text>
          ),
          isLeaf: true,
          selectable: false,
        });
      }
      return {
        key: r.code,
        title: (
          <span data-testid={`region-node-${r.code}`}>
            {place(r.name)}
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {levelName(r.level)}
            </Typography.Text>
            {r.illustrative ? (
              <Tag color="orange" style={{ marginInlineStart: 6 }}>
                {t('region.illustrative')}
              </Tag>
            ) : null}
          </span>
        ),
        isLeaf: r.childCount === 0 || (page !== undefined && page.items.length === 0),
        children,
      };
    };
    return (roots ?? []).map(build);
  }, [roots, childrenOf, levelName, t, place]);

  if (rootsQuery.isPending) return <Skeleton active />;
  if (rootsQuery.isError) return <ErrorAlert error={rootsQuery.error} onRetry={() => void rootsQuery.refetch()} />;
  if (!roots || roots.length === 0) return <Empty description={t('region.empty')} />;

  return (
    <Tree
      key={rootCode ?? '*'}
      data-testid="region-tree"
      treeData={treeData}
      defaultExpandedKeys={roots.length === 1 && roots[0] ? [roots[0].code] : []}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => {
        const k = keys[0];
        if (typeof k === 'string' && !k.endsWith(':more')) onSelect(k);
      }}
      loadData={async (node) => {
        const code = String(node.key);
        await qc.ensureQueryData({
          queryKey: regionListKey(childrenParams(code)),
          queryFn: () => listRegions(childrenParams(code)),
        });
        setLoadedParents((prev) => (prev.includes(code) ? prev : [...prev, code]));
      }}
      showLine
      blockNode
    />
  );
}
