import { defineErrors } from '../../platform/errors.ts';

/** Error codes of sign-in, sessions and API keys. */
export const AuthErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_ACCOUNT_DISABLED: {
    status: 403,
    zh: '账号已停用，请联系管理员',
    en: 'This account is disabled; contact an administrator',
  },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    zh: '密码错误次数过多，账号已临时锁定，请稍后再试',
    en: 'Too many failed logins; the account is locked for a while',
  },
  AUTH_API_KEY_INVALID: { status: 401, zh: 'API 密钥无效或已吊销', en: 'The API key is invalid or revoked' },
  AUTH_CURRENT_PASSWORD_WRONG: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  AUTH_PASSWORD_UNCHANGED: {
    status: 400,
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '请先修改临时密码',
    en: 'Change your temporary password before continuing',
  },
  APIKEY_NOT_FOUND: { status: 404, zh: 'API 密钥不存在', en: 'No such API key' },
  APIKEY_ROLE_NOT_GRANTABLE: {
    status: 403,
    zh: '不能为 API 密钥授予超出您自身权限的角色',
    en: 'An API key cannot be given a role beyond your own permissions',
  },
});
