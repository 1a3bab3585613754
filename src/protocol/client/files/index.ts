/** File transfers: uploads, downloads (CDN included), sending media. */
export { uploadFile, upload$, type UploadOptions, type UploadedFile } from './upload.js';
export { downloadFile, download$, type DownloadOptions } from './download.js';
export { sendFile, sendAlbum, sentMessages, type SendFileOptions, type AlbumItem, type SendableFile, type CaptionOptions } from './send.js';
export { type MediaKind, type MediaOptions, guessMimeType } from './media.js';
export { type Downloadable, type FileLocation, type ProfilePhoto, type ChooseOptions, largest } from './locations.js';
export { type FileOrigin } from './references.js';
export { type FileSource } from './sources.js';
export { type DownloadTarget } from './sinks.js';
export { type TransferProgress, type ProgressListener } from './progress.js';
export { uploadPlan, downloadRanges, isValidDownloadRange, BIG_FILE_FROM, MAX_UPLOAD_PART, MAX_DOWNLOAD_LIMIT, CDN_BLOCK, type ByteRange, type UploadPlan } from './parts.js';
export { cdnDecrypt } from './cdn-crypto.js';
export { FileTransferError, FileTransferAbortedError, CdnHashMismatchError, FileInputError, FileOriginError, type PartialFile } from './errors.js';
