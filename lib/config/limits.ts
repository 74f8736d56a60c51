/** Larger config files are refused before they are parsed (client-safe: the upload form checks it too). */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
