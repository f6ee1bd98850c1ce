import type { UploadLimits } from "./inspect-upload.js";

/**
 * 25 MiB covers a camera original; 50 megapixels is above every channel's need (Allegro takes 26 MP,
 * Google 64 MP) while a decoded RGBA frame of that size stays near 200 MB.
 */
export const defaultUploadLimits: UploadLimits = { maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 };
