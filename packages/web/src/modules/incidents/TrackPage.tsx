import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Rate, Result, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { ErrorAlert } from '../../lib/ui.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useFeedback, useTrack } from './incidentsApi.ts';
import { STATUS_TAG, useIncidentNames } from './names.ts';
import './i18n.ts';

/**
 * Public tracking (no login): number + tracking code → status and timeline; once resolved the
 * reporter rates 1–5, or says "not fixed" which reopens the incident.
 */
export default function TrackPage() {
  const { t } = useTranslation();
  const names = useIncidentNames();
  const [params, setParams] = useSearchParams();
  const number = params.get('number');
  const code = params.get('code');
  const track = useTrack(number, code);
  const feedback = useFeedback();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const d = track.data;
  const canRate = d && (d.status === 'resolved' || d.status === 'followed_up' || d.status === 'closed');

  return (
    <Flex justify="center" style={{ minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Flex vertical gap={12} style={{ width: '100%', maxWidth: 560 }}>
        <Flex justify="space-between" align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            治理 · {t('inc.track')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        <Card size="small">
          <Typography.Paragraph type="secondary">{t('inc.trackIntro')}</Typography.Paragraph>
          <Form
            layout="vertical"
            size="large"
            initialValues={{ number: number ?? '', code: code ?? '' }}
            onFinish={(v: { number: string; code: string }) => {
              feedback.reset();
              setParams({ number: v.number.trim(), code: v.code.trim() });
            }}
          >
            <Form.Item name="number" label={t('inc.receiptNumber')} rules={[{ required: true }]}>
              <Input data-testid="track-number" />
            </Form.Item>
            <Form.Item name="code" label={t('inc.trackCode')} rules={[{ required: true }]}>
              <Input data-testid="track-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={track.isFetching} data-testid="track-submit">
              {t('inc.query')}
            </Button>
          </Form>
        </Card>
        {track.isError ? <ErrorAlert error={track.error} testId="track-error" showDetails={false} /> : null}
        {d ? (
          <Card
            size="small"
            title={
              <Space>
                {d.number}
                <Tag color={STATUS_TAG[d.status]} data-testid="track-status">
                  {names.statusName(d.status)}
                </Tag>
              </Space>
            }
            extra={<span data-testid="track-category">{names.categoryName(d)}</span>}
          >
            <Timeline
              items={d.timeline.map((e) => ({
                children: (
                  <>
                    <Typography.Text strong>{names.actionName(e.action)}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                  </>
                ),
              }))}
            />
            {canRate && !feedback.isSuccess ? (
              <Flex vertical gap={8}>
                <Rate value={rating} onChange={setRating} style={{ fontSize: 32 }} data-testid="track-rating" />
                <Input.TextArea
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  placeholder={t('inc.feedback')}
                  maxLength={2000}
                />
                <Flex gap={8} wrap>
                  <Button
                    type="primary"
                    size="large"
                    disabled={rating === 0}
                    loading={feedback.isPending}
                    data-testid="track-rate"
                    onClick={() =>
                      feedback.mutate({
                        idOrNumber: d.number,
                        input: {
                          trackingCode: code ?? undefined,
                          satisfaction: rating,
                          comment: comment || null,
                          reopen: false,
                        },
                      })
                    }
                  >
                    {t('inc.rate')}
                  </Button>
                  <Button
                    danger
                    size="large"
                    loading={feedback.isPending}
                    data-testid="track-reopen"
                    onClick={() =>
                      feedback.mutate({
                        idOrNumber: d.number,
                        input: {
                          trackingCode: code ?? undefined,
                          satisfaction: null,
                          comment: comment || null,
                          reopen: true,
                        },
                      })
                    }
                  >
                    {t('inc.notFixed')}
                  </Button>
                </Flex>
              </Flex>
            ) : null}
            {feedback.isSuccess ? <Result status="success" title={t('inc.thanks')} /> : null}
            {feedback.error ? <ErrorAlert error={feedback.error} showDetails={false} /> : null}
          </Card>
        ) : null}
        {!d && !track.isError && number ? <Alert type="info" message="…" /> : null}
      </Flex>
    </Flex>
  );
}
