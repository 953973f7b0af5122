import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Popconfirm, Row, Tag, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  FolderAddOutlined,
  PlusOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FrameworkParseError, frameworkToYaml, parseFrameworkYaml } from '@zhili/contracts';
import { pick, useLanguage } from '../../lib/i18n.ts';
import { ErrorAlert } from '../../lib/ui.tsx';
import { useCan } from '../auth/me.ts';
import { useSaveFramework } from './evaluationApi.ts';
import { addChild, allCodes, keyPath, nodeAt, pathKey, removeAt, updateAt, type NodePath } from './frameworkTree.ts';
import { newNode } from './nodeForm.ts';
import { NodeForm } from './NodeForm.tsx';
import type { Framework, FrameworkDetail, FrameworkNode } from './types.ts';

function treeData(node: FrameworkNode, path: NodePath, lang: 'zh-CN' | 'en', vetoLabel: string): TreeDataNode {
  return {
    key: pathKey(path),
    title: (
      <span data-testid={`eval-tree-${node.code}`}>
        {node.indicator ? <Tag color="blue">{node.code}</Tag> : <Tag>{node.code}</Tag>}
        {pick(lang, node.name.zh, node.name.en)}
        {path.length > 0 ? <span style={{ color: '#999' }}> · {node.weight}</span> : null}
        {node.veto ? (
          <Tag color="volcano" style={{ marginLeft: 4 }}>
            {vetoLabel}
          </Tag>
        ) : null}
      </span>
    ),
    isLeaf: !!node.indicator,
    children: (node.children ?? []).map((c, i) => treeData(c, [...path, i], lang, vetoLabel)),
  };
}

function uniqueCode(root: FrameworkNode, prefix: string): string {
  const taken = new Set(allCodes(root));
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/yaml;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * The framework editor: the tree on the left, the selected node's form on the right. Edits stay
 * local until "save", which posts the whole framework as YAML: the server stores a new version.
 */
export function FrameworkEditor({ detail, onSaved }: { detail: FrameworkDetail; onSaved: (version: number) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const canWrite = useCan('evaluation.write');
  const save = useSaveFramework();
  const [draft, setDraft] = useState<Framework>(detail.framework);
  const [selected, setSelected] = useState('root');
  const [rev, setRev] = useState(0);
  const [issues, setIssues] = useState<FrameworkParseError | null>(null);
  const dirty = draft !== detail.framework;

  const path = keyPath(selected);
  const node = nodeAt(draft.index, path) ?? draft.index;
  const parent = path.length > 0 ? nodeAt(draft.index, path.slice(0, -1)) : undefined;
  const data = useMemo(() => [treeData(draft.index, [], lang, t('evaluation.veto'))], [draft.index, lang, t]);

  const setIndex = (index: FrameworkNode) => setDraft((d) => ({ ...d, index }));
  const add = (indicator: boolean) => {
    const at = node.indicator ? path.slice(0, -1) : path;
    const target = nodeAt(draft.index, at);
    if (!target) return;
    const child = newNode(uniqueCode(draft.index, indicator ? 'IND' : 'GRP'), indicator);
    setIndex(addChild(draft.index, at, child));
    setSelected(pathKey([...at, target.children?.length ?? 0]));
    setRev((r) => r + 1);
  };
  const remove = () => {
    setIndex(removeAt(draft.index, path));
    setSelected(pathKey(path.slice(0, -1)));
    setRev((r) => r + 1);
  };
  const submit = () => {
    const next = { ...draft, version: detail.version + 1 };
    const yaml = frameworkToYaml(next);
    try {
      parseFrameworkYaml(yaml); // the same schema the server applies: show every issue at once
      setIssues(null);
    } catch (e) {
      if (e instanceof FrameworkParseError) {
        setIssues(e);
        return;
      }
      throw e;
    }
    save.mutate(
      { regionCode: detail.regionCode, yaml },
      {
        onSuccess: (r) => {
          void message.success(t('evaluation.savedVersion', { version: r.version }));
          onSaved(r.version);
        },
      },
    );
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        {canWrite ? (
          <>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={save.isPending}
              onClick={submit}
              data-testid="eval-editor-save"
            >
              {t('evaluation.saveVersion')}
            </Button>
            <Popconfirm
              title={t('evaluation.discardConfirm')}
              onConfirm={() => {
                setDraft(detail.framework);
                setRev((r) => r + 1);
              }}
              disabled={!dirty}
            >
              <Button icon={<UndoOutlined />} disabled={!dirty}>
                {t('evaluation.discard')}
              </Button>
            </Popconfirm>
          </>
        ) : null}
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            download(`${detail.code}-v${detail.version}.yaml`, detail.yaml || frameworkToYaml(detail.framework))
          }
          data-testid="eval-editor-export"
        >
          {t('evaluation.exportYaml')}
        </Button>
        {dirty ? <Tag color="orange">{t('evaluation.unsaved')}</Tag> : null}
      </Flex>
      {issues ? (
        <Alert
          type="error"
          showIcon
          data-testid="eval-editor-issues"
          message={t('evaluation.frameworkInvalid')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {issues.issues.slice(0, 20).map((i, k) => (
                <li key={k}>
                  <code>{i.path || '—'}</code> {i.message}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {save.error ? <ErrorAlert error={save.error} testId="eval-editor-error" /> : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Card
            size="small"
            title={t('evaluation.tree')}
            extra={
              canWrite ? (
                <Flex gap={4}>
                  <Button
                    size="small"
                    icon={<FolderAddOutlined />}
                    onClick={() => add(false)}
                    data-testid="eval-add-group"
                  >
                    {t('evaluation.addGroup')}
                  </Button>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add(true)}
                    data-testid="eval-add-indicator"
                  >
                    {t('evaluation.addIndicator')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={path.length === 0}
                    onClick={remove}
                    aria-label={t('evaluation.delete')}
                    data-testid="eval-delete-node"
                  />
                </Flex>
              ) : null
            }
          >
            <Tree
              treeData={data}
              selectedKeys={[selected]}
              defaultExpandAll
              blockNode
              onSelect={(keys) => keys[0] !== undefined && setSelected(String(keys[0]))}
              style={{ maxHeight: 560, overflow: 'auto' }}
              data-testid="eval-tree"
            />
          </Card>
        </Col>
        <Col xs={24} md={14}>
          {path.length === 0 ? (
            <Card size="small" title={t('evaluation.frameworkSettings')} style={{ marginBottom: 12 }}>
              <Form
                layout="vertical"
                size="small"
                disabled={!canWrite}
                key={`fw-${rev}`}
                initialValues={{
                  zh: draft.name.zh,
                  en: draft.name.en,
                  rankDecimals: draft.rankDecimals ?? null,
                  unitLevels: draft.unitLevels.join(', '),
                }}
                onValuesChange={(_, v: { zh: string; en: string; rankDecimals: number | null; unitLevels: string }) =>
                  setDraft((d) => ({
                    ...d,
                    name: { zh: v.zh, en: v.en },
                    rankDecimals: v.rankDecimals ?? undefined,
                    unitLevels: v.unitLevels.split(/[,，\s]+/).filter(Boolean),
                  }))
                }
              >
                <Row gutter={8}>
                  <Col xs={24} sm={12}>
                    <Form.Item name="zh" label={t('evaluation.frameworkNameZh')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name="en" label={t('evaluation.frameworkNameEn')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name="unitLevels" label={t('evaluation.unitLevels')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name="rankDecimals" label={t('evaluation.rankDecimals')}>
                      <InputNumber min={0} max={12} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
            </Card>
          ) : null}
          <Card size="small" title={node.indicator ? t('evaluation.indicator') : t('evaluation.group')}>
            <NodeForm
              key={`${selected}-${rev}`}
              node={node}
              unitLevels={draft.unitLevels}
              parentWeighting={parent?.weighting ?? null}
              readOnly={!canWrite}
              onChange={(n) => setIndex(updateAt(draft.index, path, () => n))}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
