import { defineErrors } from '../../platform/errors.ts';

/** Error codes of in-app notifications and the outbox. */
export const NotificationErrors = defineErrors({
  NOTIFICATION_NOT_FOUND: { status: 404, zh: '通知不存在', en: 'Notification not found' },
  NOTIFICATION_INBOX_ACCOUNT_ONLY: {
    status: 403,
    zh: '只有登录账号才有站内通知',
    en: 'Only signed-in accounts have an in-app inbox',
  },
  OUTBOX_ENTRY_NOT_FOUND: { status: 404, zh: '待发消息不存在', en: 'Outbox entry not found' },
  OUTBOX_NOT_DEAD: {
    status: 409,
    zh: '只有投递失败（死信）的消息可以重试',
    en: 'Only dead (undeliverable) messages can be retried',
  },
});
