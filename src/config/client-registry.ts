/**
 * The configured clients, indexed for the two ways a caller proves who it is. Bearer keys
 * are compared as SHA-256 digests in constant time, and every key is compared, so neither a
 * key's length, its prefix nor its position leaks through timing.
 */
import { utf8 } from "../util/crypto";
import type { ClientConfig, ClientsConfig } from "./clients";

interface KeyDigest {
  digest: ArrayBuffer;
  client: ClientConfig;
}

export class ClientRegistry {
  private readonly byId: ReadonlyMap<string, ClientConfig>;
  private keyDigests?: Promise<KeyDigest[]>;

  constructor(readonly clients: ClientsConfig) {
    this.byId = new Map(clients.map((client) => [client.id, client]));
  }

  get(id: string): ClientConfig | undefined {
    return this.byId.get(id);
  }

  async findByApiKey(presented: string): Promise<ClientConfig | undefined> {
    this.keyDigests ??= Promise.all(
      this.clients.flatMap((client) =>
        client.api_keys.map(async (key) => ({ digest: await sha256(key), client })),
      ),
    );
    const presentedDigest = await sha256(presented);
    let found: ClientConfig | undefined;
    for (const { digest, client } of await this.keyDigests) {
      if (crypto.subtle.timingSafeEqual(presentedDigest, digest)) found = client;
    }
    return found;
  }
}

function sha256(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", utf8(value));
}
