import { useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Pagination, Skeleton, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../lib/ui.tsx';
import { isRead, useMarkRead, useNotifications, useUnreadCount, type NotificationItem } from './notifications.ts';

/** The header bell: unread badge, and a drawer listing notifications with "mark read". */
export function NotificationBell({ isPhone }: { isPhone: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  return (
    <>
      <Badge count={unread.data?.count ?? 0} size="small" overflowCount={99} data-testid="notifications-badge">
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.title')}
          onClick={() => setOpen(true)}
          data-testid="notifications-button"
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        width={isPhone ? '100%' : 420}
        destroyOnHidden
      >
        <NotificationList onNavigate={() => setOpen(false)} />
      </Drawer>
    </>
  );
}

function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useNotifications(page, true);
  const markRead = useMarkRead();

  if (list.isPending) return <Skeleton active />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty description={t('notifications.empty')} />;

  const open = (n: NotificationItem) => {
    if (!isRead(n)) markRead.mutate(n.id);
    if (n.link && n.link.startsWith('/')) {
      void navigate(n.link);
      onNavigate();
    }
  };

  return (
    <>
      <List
        dataSource={list.data.items}
        renderItem={(n) => (
          <List.Item
            data-testid={`notification-${n.id}`}
            style={{ cursor: n.link ? 'pointer' : undefined }}
            onClick={() => open(n)}
            actions={
              isRead(n)
                ? []
                : [
                    <Button
                      key="read"
                      size="small"
                      type="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        markRead.mutate(n.id);
                      }}
                    >
                      {t('notifications.markRead')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <span>
                  {!isRead(n) ? <Tag color="blue">{t('notifications.unread')}</Tag> : null}
                  {n.title}
                </span>
              }
              description={
                <>
                  {n.text ? <Typography.Paragraph style={{ marginBottom: 4 }}>{n.text}</Typography.Paragraph> : null}
                  <Typography.Text type="secondary">{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Pagination
        size="small"
        current={page}
        pageSize={10}
        total={list.data.total}
        onChange={setPage}
        hideOnSinglePage
        style={{ marginTop: 12, textAlign: 'right' }}
      />
    </>
  );
}
