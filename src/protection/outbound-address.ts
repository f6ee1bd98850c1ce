import { lookup, type LookupAddress, type LookupOptions } from "node:dns";
import { promises as dns } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";

/**
 * Only globally routable unicast addresses are reached on a user's word (webhook targets, image URLs
 * in an import): a user must not make the service call itself, its database, the cloud metadata endpoint (169.254.169.254) or the
 * private network it sits in. IPv4 inside IPv6 (mapped, 6to4, Teredo…) counts as not public.
 */
export function addressProblem(address: string): string | null {
  const range = nonPublicRange(address);
  return range ? `${address} is ${range}, not a public one` : null;
}

/** "a loopback address", "a private address"…, or null for a public address. */
function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  const range = parsed.range();
  return range === "unicast" ? null : `a ${range} address`;
}

function nameProblem(host: string, addresses: LookupAddress[]): string | null {
  for (const { address } of addresses) {
    const range = nonPublicRange(address);
    if (range) return `${host} resolves to ${address}, ${range}, not a public one`;
  }
  return null;
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Checked when a subscription is saved: an IP address as it is, a name by what it resolves to now.
 * A name that does not resolve yet is accepted; every delivery checks again where it connects.
 */
export async function targetProblem(url: string): Promise<string | null> {
  const host = hostOf(url);
  if (ipaddr.isValid(host)) return addressProblem(host);
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is this machine`;
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(host, { all: true });
  } catch {
    return null;
  }
  return nameProblem(host, addresses);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves as usual, then refuses the connection if any address is not public, so a name cannot be re-pointed after the check. */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const problem = nameProblem(hostname, addresses);
    if (problem) return callback(Object.assign(new Error(`refused: ${problem}`), { code: "EPRIVATETARGET" }), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
  });
}

let publicOnly: Agent | undefined;

/** The connection pool for calls to user-given URLs when private targets are not allowed. */
export function publicOnlyAgent(): Agent {
  publicOnly ??= new Agent({ connect: { lookup: publicOnlyLookup as never } });
  return publicOnly;
}

/** At delivery time: an address literal is checked here, since connecting to one skips name resolution. */
export function literalAddressProblem(url: string): string | null {
  const host = hostOf(url);
  return ipaddr.isValid(host) ? addressProblem(host) : null;
}
