import { describe, expect, it } from "vitest";
import {
  checkWebhookUrl,
  type WebhookUrlPolicy,
  type WebhookUrlRule,
} from "../../src/delivery/url-guard";

const PROD: WebhookUrlPolicy = { allowPrivate: false, ownHosts: ["fishhook.example.com"] };
const DEV: WebhookUrlPolicy = {
  allowPrivate: true,
  ownHosts: ["127.0.0.1:8787", "localhost:8787"],
};
const DEV_NO_PORT: WebhookUrlPolicy = { allowPrivate: true, ownHosts: ["fishhook.test"] };

/** A URL of exactly `length` characters on a public host. */
function urlOfLength(length: number, prefix = "https://example.com/"): string {
  return prefix + "a".repeat(length - prefix.length);
}

interface Row {
  url: string;
  expect: "ok" | WebhookUrlRule;
  policy?: WebhookUrlPolicy;
  name?: string;
}

const rows: Row[] = [
  // Public hosts that must pass.
  { url: "https://example.com/hook", expect: "ok" },
  { url: "https://hooks.zapier.com/hooks/catch/1/abc/", expect: "ok" },
  { url: "https://8.8.8.8/", expect: "ok" },
  { url: "https://1.1.1.1/hook", expect: "ok" },
  { url: "https://[2606:4700::1111]/", expect: "ok" },
  { url: "https://[2001:4860:4860::8888]/", expect: "ok" },
  { url: "https://[::ffff:8.8.8.8]/", expect: "ok" },
  { url: "https://[64:ff9b::808:808]/", expect: "ok" },
  { url: "https://[2002:808:808::1]/", expect: "ok" },
  { url: "https://172.32.0.1/", expect: "ok" },
  { url: "https://100.128.0.1/", expect: "ok" },
  { url: "https://example.com:8443/path?q=1#frag", expect: "ok" },
  { url: "HTTPS://EXAMPLE.COM/Hook", expect: "ok" },
  { url: "https://localhost.example.com/", expect: "ok" },
  { url: "https://internal.example.com/", expect: "ok" },
  { url: "https://fishhook.example.com.evil.example/", expect: "ok" },
  { url: "https://@example.com/", expect: "ok", name: "empty userinfo is no credential" },
  { url: urlOfLength(2048), expect: "ok", name: "2048 characters" },

  // Not a URL at all.
  { url: "", expect: "malformed" },
  { url: "not a url", expect: "malformed" },
  { url: "https://", expect: "malformed" },
  { url: "example.com/hook", expect: "malformed" },
  { url: "//example.com/hook", expect: "malformed" },
  { url: "https://ex ample.com/", expect: "malformed" },
  { url: "https://1.2.3.4.5/", expect: "malformed" },
  { url: "https://4294967296/", expect: "malformed" },
  { url: "https://./", expect: "malformed" },
  { url: "https://[fe80::1%25eth0]/", expect: "malformed", name: "zone id (workerd rejects it)" },

  // Schemes.
  { url: "http://example.com/hook", expect: "scheme" },
  { url: "ftp://example.com/", expect: "scheme" },
  { url: "javascript:alert(1)", expect: "scheme" },
  { url: "file:///etc/passwd", expect: "scheme" },
  { url: "data:text/plain,hi", expect: "scheme" },
  { url: "wss://example.com/", expect: "scheme" },

  // Length.
  { url: urlOfLength(2049), expect: "too_long", name: "2049 characters" },
  { url: urlOfLength(5000, "ftp://x/"), expect: "too_long", name: "length before scheme" },
  {
    url: `https://example.com/${"é".repeat(400)}`,
    expect: "too_long",
    name: "short as sent, over 2048 once percent-encoded",
  },

  // Credentials.
  { url: "https://user:pass@example.com", expect: "credentials" },
  { url: "https://user@example.com", expect: "credentials" },
  { url: "https://:pass@example.com/", expect: "credentials" },

  // Names that resolve locally, in every spelling the parser folds together.
  { url: "https://localhost/", expect: "blocked_host" },
  { url: "https://localhost:8790/hook", expect: "blocked_host" },
  { url: "https://LOCALHOST./x", expect: "blocked_host" },
  { url: "https://localhost../", expect: "blocked_host" },
  { url: "https://loc%61lhost/", expect: "blocked_host" },
  { url: "https://ＬＯＣＡＬＨＯＳＴ/", expect: "blocked_host", name: "fullwidth LOCALHOST" },
  { url: "https://api.localhost/", expect: "blocked_host" },
  { url: "https://printer.local/", expect: "blocked_host" },
  { url: "https://Foo.LOCAL./", expect: "blocked_host" },
  { url: "https://db.internal/", expect: "blocked_host" },
  { url: "https://metadata.google.internal/computeMetadata/v1/", expect: "blocked_host" },

  // fishhook itself.
  { url: "https://fishhook.example.com/hook", expect: "own_host" },
  { url: "https://FISHHOOK.example.com./x", expect: "own_host" },
  { url: "https://fishhook.example.com:8443/", expect: "own_host", name: "own host, any port" },

  // IPv4 loopback in every numeric spelling.
  { url: "https://127.0.0.1/", expect: "private_address" },
  { url: "https://2130706433/", expect: "private_address" },
  { url: "https://0x7f.1/", expect: "private_address" },
  { url: "https://0x7f000001/", expect: "private_address" },
  { url: "https://0177.0.0.1/", expect: "private_address" },
  { url: "https://127.1/", expect: "private_address" },
  { url: "https://127.0.0.1./", expect: "private_address" },
  { url: "https://%31%32%37.0.0.1/", expect: "private_address" },
  { url: "https://１２７.０.０.１/", expect: "private_address", name: "fullwidth 127.0.0.1" },
  { url: "https://127.255.255.254/", expect: "private_address" },
  // Other IPv4 ranges.
  { url: "https://10.0.0.1/", expect: "private_address" },
  { url: "https://172.16.0.1/", expect: "private_address" },
  { url: "https://172.31.255.255/", expect: "private_address" },
  { url: "https://192.168.1.1/", expect: "private_address" },
  { url: "https://169.254.169.254/latest/meta-data/", expect: "private_address" },
  { url: "https://100.64.0.1/", expect: "private_address" },
  { url: "https://0.0.0.0/", expect: "private_address" },
  { url: "https://0/", expect: "private_address" },
  { url: "https://0.1.2.3/", expect: "private_address" },
  { url: "https://224.0.0.1/", expect: "private_address" },
  { url: "https://192.0.2.1/", expect: "private_address" },
  { url: "https://198.51.100.7/", expect: "private_address" },
  { url: "https://203.0.113.9/", expect: "private_address" },
  { url: "https://198.18.0.1/", expect: "private_address" },
  { url: "https://192.0.0.8/", expect: "private_address" },
  { url: "https://240.0.0.1/", expect: "private_address" },
  { url: "https://255.255.255.255/", expect: "private_address" },
  // IPv6.
  { url: "https://[::1]/", expect: "private_address" },
  { url: "https://[0:0:0:0:0:0:0:1]/", expect: "private_address" },
  { url: "https://[::]/", expect: "private_address" },
  { url: "https://[fc00::1]/", expect: "private_address" },
  { url: "https://[fd12:3456::1]/", expect: "private_address" },
  { url: "https://[fe80::1]/", expect: "private_address" },
  { url: "https://[ff02::1]/", expect: "private_address" },
  { url: "https://[2001:db8::1]/", expect: "private_address" },
  { url: "https://[::ffff:127.0.0.1]/", expect: "private_address" },
  { url: "https://[::ffff:7f00:1]/", expect: "private_address" },
  { url: "https://[::ffff:10.0.0.1]/", expect: "private_address" },
  { url: "https://[::ffff:169.254.169.254]/", expect: "private_address" },
  {
    url: "https://[::ffff:0:127.0.0.1]/",
    expect: "private_address",
    name: "SIIT ::ffff:0:a.b.c.d",
  },
  { url: "https://[::127.0.0.1]/", expect: "private_address", name: "IPv4-compatible" },
  {
    url: "https://[::8.8.8.8]/",
    expect: "private_address",
    name: "IPv4-compatible, public inside",
  },
  { url: "https://[64:ff9b::7f00:1]/", expect: "private_address" },
  { url: "https://[64:ff9b:1::808:808]/", expect: "private_address", name: "local-use NAT64" },
  { url: "https://[2002:7f00:1::]/", expect: "private_address" },
  { url: "https://[2002:a00:1::1]/", expect: "private_address" },
  { url: "https://[100::1]/", expect: "private_address" },
  { url: "https://[2001::1]/", expect: "private_address", name: "Teredo" },
  { url: "https://[fec0::1]/", expect: "private_address" },
  { url: "https://[5f00::1]/", expect: "private_address", name: "outside 2000::/3" },

  // allowPrivate lifts https and the address / local-name rules, nothing else.
  { url: "http://127.0.0.1:8790/hook", expect: "ok", policy: DEV },
  { url: "http://localhost:8790", expect: "ok", policy: DEV },
  { url: "http://[::1]:8790/", expect: "ok", policy: DEV },
  { url: "http://10.0.0.5/hook", expect: "ok", policy: DEV },
  { url: "http://receiver.local/hook", expect: "ok", policy: DEV },
  { url: "https://example.com/hook", expect: "ok", policy: DEV },
  { url: "ftp://127.0.0.1/", expect: "scheme", policy: DEV },
  { url: "javascript:alert(1)", expect: "scheme", policy: DEV },
  { url: "garbage", expect: "malformed", policy: DEV },
  { url: urlOfLength(2049, "http://127.0.0.1:8790/"), expect: "too_long", policy: DEV },
  { url: "http://user:pass@127.0.0.1:8790/", expect: "credentials", policy: DEV },
  { url: "http://127.0.0.1:8787/hook", expect: "own_host", policy: DEV },
  { url: "http://127.1:8787/hook", expect: "own_host", policy: DEV },
  { url: "http://LOCALHOST.:8787/", expect: "own_host", policy: DEV },
  { url: "https://fishhook.test/", expect: "own_host", policy: DEV_NO_PORT },
  { url: "http://fishhook.test/", expect: "own_host", policy: DEV_NO_PORT },
  { url: "http://fishhook.test:9000/", expect: "ok", policy: DEV_NO_PORT },
];

function title(row: Row): string {
  const shown =
    row.url.length > 60 ? `${row.url.slice(0, 40)}… (${row.url.length} chars)` : row.url;
  const mode = row.policy?.allowPrivate ? " [allowPrivate]" : "";
  return `${row.name ? `${row.name}: ` : ""}${JSON.stringify(shown)}${mode} → ${row.expect}`;
}

describe("checkWebhookUrl", () => {
  it("has a table large enough to mean something", () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it.each(rows.map((row) => [title(row), row] as const))("%s", (_, row) => {
    const check = checkWebhookUrl(row.url, row.policy ?? PROD);
    expect(check.ok ? "ok" : check.rule).toBe(row.expect);
  });

  it("answers the URL as the parser normalised it", () => {
    const check = checkWebhookUrl("HTTPS://Example.COM:443/Hook", PROD);
    expect(check.ok && check.url.href).toBe("https://example.com/Hook");
  });

  it("names the rule and the address in its messages", () => {
    expect(checkWebhookUrl("http://example.com/", PROD)).toMatchObject({
      message: "webhook URL must use https",
    });
    expect(checkWebhookUrl("https://2130706433/", PROD)).toMatchObject({
      message:
        "webhook URL must not point at a private, loopback or reserved address (127.0.0.1: loopback)",
    });
    expect(checkWebhookUrl(urlOfLength(2049), PROD)).toMatchObject({
      message: "webhook URL must be at most 2048 characters (got 2049)",
    });
  });

  it("never throws, whatever it is given", () => {
    const odd = [
      "\u0000",
      "https://[",
      "https://[::1",
      "http://%zz/",
      "https://a b",
      "\ud800",
      "::",
    ];
    for (const url of [...odd, null, undefined, 42] as unknown as string[]) {
      expect(checkWebhookUrl(url, PROD).ok).toBe(false);
    }
  });
});
