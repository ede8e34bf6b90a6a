/**
 * The dashboard's static files, served by the Worker from memory. Each path names a hash
 * of its content, so a browser may keep it for a year and a new version is a new path.
 */
import { LIVE_RUN_SCRIPT } from "./live-run-script";
import { STYLES } from "./styles";

export interface Asset {
  path: string;
  type: string;
  body: string;
}

/** FNV-1a, 32 bits: a content tag for cache busting, not a security property. */
function contentTag(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function asset(name: string, extension: string, type: string, body: string): Asset {
  return { path: `/dashboard/assets/${name}.${contentTag(body)}.${extension}`, type, body };
}

/** A hook, so the browser has an icon to show and asks no other path for one. */
const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><path d="M20 6v12a6 6 0 0 1-12 0v-3l-3 3" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export const STYLESHEET = asset("dashboard", "css", "text/css; charset=utf-8", STYLES);
export const LIVE_RUN = asset("live-run", "js", "text/javascript; charset=utf-8", LIVE_RUN_SCRIPT);
export const ICON = asset("icon", "svg", "image/svg+xml", ICON_SVG);

const BY_PATH = new Map([STYLESHEET, LIVE_RUN, ICON].map((file) => [file.path, file]));

export function findAsset(path: string): Asset | undefined {
  return BY_PATH.get(path);
}
