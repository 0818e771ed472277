export { BlobStore } from './blob-store';
