import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleAssignment } from '@zhili/contracts';
import { useNames } from '../../lib/names.ts';
import { usePlaceName } from '../../lib/placeName.ts';

const ROLE_COLORS: Record<string, string> = {
  admin: 'red',
  leader: 'purple',
  township_staff: 'blue',
  community_staff: 'cyan',
  grid_worker: 'green',
  dispatcher: 'orange',
  mediator: 'gold',
};

/** A role with its scope: `乡镇(街道)工作人员 · 妙西镇`. */
export function RoleTag({
  role,
  closable,
  onClose,
}: {
  role: RoleAssignment;
  closable?: boolean;
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  const { roleName } = useNames();
  const place = usePlaceName();
  const scope =
    (role.regionName ? place(role.regionName) : null) ??
    role.regionCode ??
    (role.organizationId ? null : t('scope.all'));
  const org = role.organizationName ?? (role.organizationId ? role.organizationId.slice(0, 8) : null);
  const text = [roleName(role.role), scope, org].filter(Boolean).join(' · ');
  return (
    <Tooltip title={role.regionPath ?? undefined}>
      <Tag
        color={ROLE_COLORS[role.role] ?? 'default'}
        closable={closable}
        onClose={(e) => {
          // The tag must not vanish before the server agrees; the refetch removes it.
          e.preventDefault();
          onClose?.();
        }}
        data-testid={`role-tag-${role.role}`}
        style={{ marginBlock: 2 }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}
