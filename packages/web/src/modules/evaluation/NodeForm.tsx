import { Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { AhpMatrixEditor } from './AhpMatrixEditor.tsx';
import { childWeightSum } from './frameworkTree.ts';
import { nodeToValues, valuesToNode, type NodeValues } from './nodeForm.ts';
import { AGGREGATIONS, NORM_METHODS, WEIGHTINGS, type FrameworkNode } from './types.ts';

/** The side form of the selected node: group fields, or indicator fields with its methods. */
export function NodeForm({
  node,
  unitLevels,
  parentWeighting,
  readOnly,
  onChange,
}: {
  node: FrameworkNode;
  unitLevels: string[];
  /** The parent's weighting: the weight field only matters when it is `fixed`. */
  parentWeighting: FrameworkNode['weighting'] | null;
  readOnly: boolean;
  onChange: (node: FrameworkNode) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NodeValues>();
  const method = Form.useWatch('method', form) ?? node.normalisation.method;
  const bonusOn = Form.useWatch('bonusOn', form) ?? !!node.bonus;
  const col = { xs: 24, sm: 12 };

  return (
    <Form<NodeValues>
      form={form}
      layout="vertical"
      size="small"
      disabled={readOnly}
      initialValues={nodeToValues(node, unitLevels)}
      onValuesChange={(_, all) =>
        onChange(valuesToNode(node, { ...nodeToValues(node, unitLevels), ...all }, unitLevels))
      }
      data-testid="eval-node-form"
    >
      <Row gutter={8}>
        <Col {...col}>
          <Form.Item
            name="code"
            label={t('evaluation.code')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]+$/ }]}
          >
            <Input data-testid="eval-node-code" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item
            name="weight"
            label={t('evaluation.weight')}
            extra={
              parentWeighting && parentWeighting !== 'fixed'
                ? t('evaluation.weightIgnored', { weighting: t(`evaluation.weighting.${parentWeighting}`) })
                : undefined
            }
          >
            <InputNumber min={0} step={0.05} style={{ width: '100%' }} data-testid="eval-node-weight" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="nameZh" label={t('evaluation.nameZh')} rules={[{ required: true }]}>
            <Input data-testid="eval-node-name-zh" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="nameEn" label={t('evaluation.nameEn')} rules={[{ required: true }]}>
            <Input data-testid="eval-node-name-en" />
          </Form.Item>
        </Col>
      </Row>

      {!node.indicator ? (
        <>
          <Row gutter={8}>
            <Col {...col}>
              <Form.Item name="aggregation" label={t('evaluation.aggregationLabel')}>
                <Select options={AGGREGATIONS.map((a) => ({ value: a, label: t(`evaluation.aggregation.${a}`) }))} />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="weighting" label={t('evaluation.weightingLabel')}>
                <Select
                  data-testid="eval-node-weighting"
                  options={WEIGHTINGS.map((w) => ({ value: w, label: t(`evaluation.weighting.${w}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          {node.weighting === 'fixed' ? (
            <div style={{ color: '#888', marginBottom: 8 }}>
              {t('evaluation.weightSum', { sum: childWeightSum(node).toFixed(3) })}
            </div>
          ) : null}
          {node.weighting === 'ahp' && (node.children?.length ?? 0) > 0 ? (
            <AhpMatrixEditor node={node} onChange={(pairwise) => onChange({ ...node, pairwise })} />
          ) : null}
        </>
      ) : (
        <>
          <Row gutter={8}>
            <Col {...col}>
              <Form.Item name="unit" label={t('evaluation.measureUnit')}>
                <Input placeholder="μg/m³" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="direction" label={t('evaluation.direction')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 1, label: t('evaluation.higherBetter') },
                    { value: -1, label: t('evaluation.lowerBetter') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="appliesTo" label={t('evaluation.appliesTo')}>
                <Checkbox.Group
                  options={unitLevels.map((l) => ({
                    value: l,
                    label: t(`evaluation.unitLevel.${l}`, { defaultValue: l }),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="denominator" label={t('evaluation.denominator')}>
                <Input placeholder="Population" />
              </Form.Item>
            </Col>
          </Row>
          <Divider size="small" plain>
            {t('evaluation.normalisationLabel')}
          </Divider>
          <Row gutter={8}>
            <Col {...col}>
              <Form.Item name="method" label={t('evaluation.method')}>
                <Select
                  data-testid="eval-node-method"
                  options={NORM_METHODS.map((m) => ({ value: m, label: t(`evaluation.normalisation.${m}`) }))}
                />
              </Form.Item>
            </Col>
            {method === 'minmax' || method === 'goalposts' || method === 'target' ? (
              <Col {...col}>
                <Form.Item label={t('evaluation.range')} style={{ marginBottom: 0 }}>
                  <Row gutter={4}>
                    <Col span={12}>
                      <Form.Item name="rangeMin">
                        <InputNumber style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name="rangeMax">
                        <InputNumber style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Form.Item>
              </Col>
            ) : null}
            {method === 'zscore' ? (
              <>
                <Col span={6}>
                  <Form.Item name="mean" label={t('evaluation.mean')}>
                    <InputNumber style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="sd" label={t('evaluation.sd')}>
                    <InputNumber min={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {method === 'goalposts' ? (
              <>
                <Col span={8}>
                  <Form.Item name="goalMin" label={t('evaluation.goalMin')} rules={[{ required: true }]}>
                    <InputNumber style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="goalMax" label={t('evaluation.goalMax')} rules={[{ required: true }]}>
                    <InputNumber style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="goalCap" label={t('evaluation.cap')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {method === 'target' ? (
              <Col {...col}>
                <Form.Item name="target" label={t('evaluation.target')} rules={[{ required: true }]}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          <Row gutter={8}>
            <Col span={8}>
              <Form.Item name="log" label={t('evaluation.log')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="capMin" label={t('evaluation.capMin')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="capMax" label={t('evaluation.capMax')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Divider size="small" plain>
            {t('evaluation.vetoBonus')}
          </Divider>
          <Row gutter={8}>
            <Col {...col}>
              <Form.Item name="vetoBelow" label={t('evaluation.vetoBelow')}>
                <InputNumber style={{ width: '100%' }} data-testid="eval-node-veto-below" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="vetoAbove" label={t('evaluation.vetoAbove')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="bonusOn" label={t('evaluation.bonus')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            {bonusOn ? (
              <>
                <Col span={8}>
                  <Form.Item name="bonusPer" label={t('evaluation.bonusPer')}>
                    <InputNumber min={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="bonusPoints" label={t('evaluation.bonusPoints')}>
                    <InputNumber style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="bonusMax" label={t('evaluation.bonusMax')}>
                    <InputNumber style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
          </Row>
        </>
      )}
    </Form>
  );
}
