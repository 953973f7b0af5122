import { defineErrors } from '../../platform/errors.ts';

/** Error codes of account administration. */
export const AccountErrors = defineErrors({
  ACCOUNT_NOT_FOUND: { status: 404, zh: '账号不存在', en: 'No such account' },
  ACCOUNT_USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is already taken' },
  ACCOUNT_ROLE_NOT_GRANTABLE: {
    status: 403,
    zh: '不能授予超出您自身权限的角色（系统管理员及全局角色仅能由全局管理员授予）',
    en: 'You cannot grant a role beyond your own permissions (admin and global roles need an unrestricted admin)',
  },
  ACCOUNT_ROLE_DUPLICATE: {
    status: 409,
    zh: '该账号已拥有相同的角色分配',
    en: 'The account already has this role assignment',
  },
  ACCOUNT_ROLE_NOT_FOUND: { status: 404, zh: '角色分配不存在', en: 'No such role assignment' },
  ACCOUNT_LAST_ADMIN: {
    status: 409,
    zh: '不能停用或移除最后一个全局系统管理员',
    en: 'The last unrestricted administrator cannot be disabled or removed',
  },
  ACCOUNT_CANNOT_DISABLE_SELF: { status: 400, zh: '不能停用自己的账号', en: 'You cannot disable your own account' },
});
