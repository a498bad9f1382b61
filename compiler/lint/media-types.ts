/** @module MMS content types: what Twilio accepts, and the type an extension implies. */

/** Types Twilio accepts for MMS (JPEG, PNG and GIF are transcoded; the rest pass through). */
export const ACCEPTED_TYPES = new Set([
  "image/jpeg",
  "image/jpg",
  "image/gif",
  "image/png",
  "image/bmp",
  "image/tiff",
  "image/heic",
  "image/heif",
  "audio/basic",
  "audio/l24",
  "audio/mp4",
  "audio/mpeg",
  "audio/ogg",
  "audio/vnd.rn-realaudio",
  "audio/vnd.wave",
  "audio/3gpp",
  "audio/3gpp2",
  "audio/ac3",
  "audio/webm",
  "audio/amr-nb",
  "audio/amr",
  "audio/aac",
  "video/mpeg",
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/3gpp",
  "video/3gpp2",
  "video/3gpp-tt",
  "video/h261",
  "video/h263",
  "video/h263-1998",
  "video/h263-2000",
  "video/h264",
  "text/vcard",
  "text/x-vcard",
  "text/csv",
  "text/rtf",
  "text/richtext",
  "text/calendar",
  "text/directory",
  "application/pdf",
  "application/vcard",
  "application/vnd.apple.pkpass",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
]);

/** Images Twilio resizes for the handset: only the 5 MB total applies to them. */
export const TRANSCODED_TYPES = new Set(["image/jpeg", "image/jpg", "image/gif", "image/png"]);

const BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
  heif: "image/heif",
  webp: "image/webp",
  svg: "image/svg+xml",
  avif: "image/avif",
  ico: "image/x-icon",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  wav: "audio/vnd.wave",
  amr: "audio/amr",
  aac: "audio/aac",
  flac: "audio/flac",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  "3gp": "video/3gpp",
  mpeg: "video/mpeg",
  avi: "video/x-msvideo",
  mkv: "video/x-matroska",
  vcf: "text/vcard",
  csv: "text/csv",
  rtf: "text/rtf",
  ics: "text/calendar",
  pdf: "application/pdf",
  pkpass: "application/vnd.apple.pkpass",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  html: "text/html",
  htm: "text/html",
  zip: "application/zip",
  json: "application/json",
  exe: "application/x-msdownload",
};

/** The content type a URL's extension implies, or null when the extension is missing or unknown. */
export function typeFromExtension(url: string): string | null {
  const path = url.split(/[?#]/)[0] ?? "";
  const match = /\.([a-z0-9]+)$/i.exec(path);
  return match ? (BY_EXTENSION[(match[1] ?? "").toLowerCase()] ?? null) : null;
}

/** `image/png; charset=x` → `image/png`. */
export function baseType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}
