import type { ReactNode } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { errorText } from './errors.ts';
import { useLanguage } from './i18n.ts';

/** An error from a query or mutation, with the server's message and a retry when possible. */
export function ErrorAlert({
  error,
  onRetry,
  testId = 'error-alert',
  showDetails = true,
}: {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
  /** Field paths (`body.x`) help staff; the public pages leave them out. */
  showDetails?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!error) return null;
  const details = showDetails && error instanceof ApiError ? error.details.filter((d) => d.path) : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      message={errorText(error, lang, t)}
      description={
        details.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {details.slice(0, 10).map((d, i) => (
              <li key={i}>
                <Typography.Text code>{d.path}</Typography.Text> {d.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The title row of a page: heading on the left, actions on the right, wrapping on phones. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** A secret shown once (temporary password, API key): monospace, selectable, with a copy button. */
export function SecretText({ value, testId }: { value: string; testId: string }) {
  return (
    <Typography.Paragraph
      copyable={{ text: value }}
      code
      data-testid={testId}
      style={{ fontSize: 16, wordBreak: 'break-all', marginBottom: 0 }}
    >
      {value}
    </Typography.Paragraph>
  );
}

/** Standard pagination props of every list table, in step with `{ page, pageSize, total }`. */
export function tablePagination(
  page: number,
  pageSize: number,
  total: number | undefined,
  onChange: (page: number, pageSize: number) => void,
) {
  return {
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    onChange,
    responsive: true,
    size: 'small' as const,
  };
}

/**
 * `data-testid` for props objects (table rows, modal buttons) where TypeScript's excess-property
 * check would refuse the hyphenated key in a literal; spread it in: `{ ...testId('x') }`.
 */
export function testId(id: string): object {
  return { 'data-testid': id };
}
