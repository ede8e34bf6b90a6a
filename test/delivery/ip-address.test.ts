import { describe, expect, it } from "vitest";
import {
  type AddressClass,
  classifyHostname,
  parseIPv4,
  parseIPv6,
} from "../../src/delivery/ip-address";

const classes: [hostname: string, expected: AddressClass | null][] = [
  // Names are not IP literals.
  ["example.com", null],
  ["localhost", null],
  ["1e1", null],
  // IPv4.
  ["8.8.8.8", "public"],
  ["0.0.0.0", "unspecified"],
  ["0.0.0.1", "reserved"],
  ["0.255.255.255", "reserved"],
  ["1.0.0.0", "public"],
  ["9.255.255.255", "public"],
  ["10.0.0.0", "private"],
  ["10.255.255.255", "private"],
  ["11.0.0.0", "public"],
  ["100.63.255.255", "public"],
  ["100.64.0.0", "shared"],
  ["100.127.255.255", "shared"],
  ["100.128.0.0", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.255", "loopback"],
  ["169.254.169.254", "link-local"],
  ["172.15.255.255", "public"],
  ["172.16.0.0", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.0", "public"],
  ["192.0.0.9", "reserved"],
  ["192.0.2.1", "documentation"],
  ["192.31.196.1", "public"],
  ["192.88.99.1", "reserved"],
  ["192.168.0.1", "private"],
  ["198.17.255.255", "public"],
  ["198.18.0.0", "reserved"],
  ["198.19.255.255", "reserved"],
  ["198.20.0.0", "public"],
  ["198.51.100.1", "documentation"],
  ["203.0.113.1", "documentation"],
  ["223.255.255.255", "public"],
  ["224.0.0.1", "multicast"],
  ["233.252.0.1", "documentation"],
  ["239.255.255.255", "multicast"],
  ["240.0.0.0", "reserved"],
  ["255.255.255.255", "reserved"],
  // IPv6.
  ["[2606:4700::1111]", "public"],
  ["[2001:4860:4860::8888]", "public"],
  ["[::]", "unspecified"],
  ["[::1]", "loopback"],
  ["[::2]", "reserved"],
  ["[::ffff:808:808]", "public"],
  ["[::ffff:7f00:1]", "loopback"],
  ["[::ffff:a00:1]", "private"],
  ["[::ffff:0:0]", "unspecified"],
  ["[::ffff:0:7f00:1]", "loopback"],
  ["[::ffff:0:808:808]", "reserved"],
  ["[::7f00:1]", "loopback"],
  ["[::808:808]", "reserved"],
  ["[64:ff9b::808:808]", "public"],
  ["[64:ff9b::7f00:1]", "loopback"],
  ["[64:ff9b::a9fe:a9fe]", "link-local"],
  ["[64:ff9b:1::808:808]", "reserved"],
  ["[64:ff9b:1::a00:1]", "private"],
  ["[100::1]", "reserved"],
  ["[2001::1]", "reserved"],
  ["[2001:1::1]", "reserved"],
  ["[2001:2::1]", "reserved"],
  ["[2001:1ff:ffff::1]", "reserved"],
  ["[2001:200::1]", "public"],
  ["[2001:db8::1]", "documentation"],
  ["[2001:db8:ffff::1]", "documentation"],
  ["[2002:808:808::1]", "public"],
  ["[2002:7f00:1::]", "loopback"],
  ["[2002:c0a8:101::1]", "private"],
  ["[3fff::1]", "documentation"],
  ["[4000::1]", "reserved"],
  ["[fc00::1]", "private"],
  ["[fdff:ffff::1]", "private"],
  ["[fe80::1]", "link-local"],
  ["[febf::1]", "link-local"],
  ["[fec0::1]", "reserved"],
  ["[ff02::1]", "multicast"],
  ["[ff0e::1]", "multicast"],
  // Not canonical, so not literals: the URL parser never leaves these in a hostname.
  ["127.1", null],
  ["[fe80::1%eth0]", null],
];

describe("classifyHostname", () => {
  it.each(classes)("%s → %s", (hostname, expected) => {
    expect(classifyHostname(hostname)).toBe(expected);
  });

  it("agrees with the URL parser on every spelling of one address", () => {
    const spellings = [
      "http://127.0.0.1/",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://[::1]/",
    ];
    for (const spelling of spellings) {
      expect(classifyHostname(new URL(spelling).hostname)).toBe("loopback");
    }
  });
});

describe("parseIPv4", () => {
  it.each([
    ["0.0.0.0", 0],
    ["127.0.0.1", 0x7f000001],
    ["255.255.255.255", 0xffffffff],
  ])("%s → %d", (text, value) => {
    expect(parseIPv4(text)).toBe(value);
  });

  it.each([
    "127.1",
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "01.2.3.4",
    "0x7f.0.0.1",
    "1.2.3.-4",
    "",
    "a.b.c.d",
  ])("rejects %j", (text) => {
    expect(parseIPv4(text)).toBeNull();
  });
});

describe("parseIPv6", () => {
  it.each([
    ["::", 0n],
    ["[::]", 0n],
    ["::1", 1n],
    ["1::", 1n << 112n],
    ["1:2:3:4:5:6:7:8", 0x00010002000300040005000600070008n],
    ["::ffff:1.2.3.4", 0xffff01020304n],
    ["::FFFF:102:304", 0xffff01020304n],
    ["1:2:3:4:5:6:1.2.3.4", 0x000100020003000400050006_01020304n],
  ])("%s → %s", (text, value) => {
    expect(parseIPv6(text)).toBe(value);
  });

  it.each([
    "",
    ":",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "12345::",
    ":1::",
    "1::2:",
    "g::",
    "fe80::1%eth0",
    "[::1",
    "::1]",
    "::1.2.3",
    "1.2.3.4::",
    "::1.2.3.4:5",
  ])("rejects %j", (text) => {
    expect(parseIPv6(text)).toBeNull();
  });
});
