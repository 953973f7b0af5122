import { defineErrors } from '../../platform/errors.ts';

/** Error codes of the attachment endpoints (size and type refusals come from platform/files.ts). */
export const FilesErrors = defineErrors({
  ATTACHMENT_NOT_FOUND: { status: 404, zh: '附件不存在', en: 'Attachment not found' },
  FILE_MISSING: {
    status: 400,
    zh: '请在表单字段 file 中上传一个文件',
    en: 'Send one file in the multipart field "file"',
  },
});
