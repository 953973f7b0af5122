import type { ZhiliModule } from '../../platform/module.ts';
import { registerFileRoutes } from './files.routes.ts';

/** Attachments: upload and download of photos, signed documents and import sheets. */
export const filesModule: ZhiliModule = {
  name: 'files',
  routes: registerFileRoutes,
};

export { uploadAttachment, openAttachment, presentAttachment, type Upload } from './files.service.ts';
export { FilesErrors } from './files.errors.ts';
export {
  createFileStore,
  fileStoreFromConfig,
  FileErrors,
  type FileStore,
  type AttachmentRow,
} from '../../platform/files.ts';
