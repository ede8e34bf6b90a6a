/** A fault in the Worker's vars or secrets; answered `500 misconfigured`, message only. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
