import { AccessControl } from "../auth/access-control.js";
import type { SubsystemFactory } from "./subsystem.js";

/** API keys and their limits; the HTTP front puts its authentication before every subsystem's routes. */
export const access: SubsystemFactory = async ({ connection, config, logger }) => {
  const access = new AccessControl(connection, config.auth ?? {}, logger);
  return { serves: { access, initialAdminKey: await access.ensureInitialAdminKey() } };
};
