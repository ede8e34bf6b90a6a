// The Worker modules the CLI reuses (src/auth/request-signature.ts, src/util/crypto.ts) also
// hold workerd-only code the CLI never calls: `crypto.subtle.timingSafeEqual`. Declared for
// the Node type check only (tsconfig.node.json); the Worker's own check uses workers-types.
interface SubtleCrypto {
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean;
}
