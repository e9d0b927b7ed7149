// A readable name for a sign-in's device, from the user agent it sent: "Firefox on Linux",
// "Safari on iPhone". The text is whatever the client claimed: it is only shown, never trusted.

/** Shown for sign-ins made before the browser was kept. */
export const UNKNOWN_DEVICE = 'Unknown device (signed in before devices were recorded)';

const MAX_RAW = 60;

/** The browser, most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|HeadlessChrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

/** The system, most specific first: iPhones say "like Mac OS X", Android says "Linux". */
const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

function find(list: [RegExp, string][], ua: string): string | null {
  for (const [pattern, name] of list) if (pattern.test(ua)) return name;
  return null;
}

/** shorten keeps the first characters of a long text, with an ellipsis. */
function shorten(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_RAW
    ? text
    : `${chars
        .slice(0, MAX_RAW - 1)
        .join('')
        .trimEnd()}…`;
}

/** deviceLabel names the browser and system a user agent claims, else the raw text shortened. */
export function deviceLabel(userAgent: string): string {
  const ua = userAgent.trim();
  if (!ua) return UNKNOWN_DEVICE;
  const browser = find(BROWSERS, ua);
  const system = find(SYSTEMS, ua);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  return shorten(ua);
}
