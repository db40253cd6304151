/**
 * Upload names: what the client calls a file is only a hint. The name kept is its last path
 * component (no `../`, no folders), Unicode-normalised, without control or format characters,
 * without characters that are unsafe in file names on common systems, and not hidden (a leading dot
 * would make the corpus walk skip it). An empty result becomes `upload`.
 */
import path from "node:path";

/** Longest name kept, in UTF-8 bytes (file systems allow 255). */
const MAX_NAME_BYTES = 180;

export function sanitizeName(raw: string): string {
  let name = raw.normalize("NFC");
  // Either separator: a Windows client sends C:\Users\...\plan.pdf.
  name = name.split(/[\\/]/).pop() ?? "";
  name = name
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s~$]+/, "")
    .replace(/[.\s]+$/, "");
  if (!name || name === "." || name === "..") name = "upload";
  return truncateName(name);
}

/** Keep the extension, cut the stem so the whole name fits MAX_NAME_BYTES. */
function truncateName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const ext = path.extname(name).slice(0, 16);
  let stem = name.slice(0, name.length - ext.length);
  while (Buffer.byteLength(stem + ext) > MAX_NAME_BYTES) stem = [...stem].slice(0, -1).join("");
  return stem + ext;
}

/** `plan.pdf` → `plan (2).pdf`, `plan (3).pdf`, … (the n-th alternative when the name is taken by another file). */
export function numberedName(name: string, n: number): string {
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return `${stem} (${n})${ext}`;
}
