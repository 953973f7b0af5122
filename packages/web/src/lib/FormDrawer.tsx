import type { ReactNode } from 'react';
import { Button, Drawer, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from './useIsPhone.ts';

/**
 * The drawer every edit form opens in: full width on a phone, cancel and save at the top, the
 * form inside submitted by save (`onSave` usually calls `form.submit()`).
 */
export function FormDrawer({
  open = true,
  title,
  width,
  onClose,
  onSave,
  saving,
  saveTestId,
  saveLabel,
  testId,
  children,
}: {
  open?: boolean;
  title: ReactNode;
  /** Width on a desktop, in pixels. */
  width: number;
  onClose: () => void;
  onSave: () => void;
  saving: boolean;
  saveTestId: string;
  /** The save button's words (default 保存 / Save). */
  saveLabel?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={open}
      title={title}
      width={isPhone ? '100%' : width}
      onClose={onClose}
      destroyOnHidden
      data-testid={testId}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {saveLabel ?? t('common.save')}
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}
