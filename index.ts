import { loadStackConfig } from "./stacks/config";
import { buildLandingZone } from "./stacks/landing-zone";

// Config is validated in full before any resource is registered.
const landingZone = buildLandingZone(loadStackConfig());

export const organizationId = landingZone.organizationId;
export const accountIds = landingZone.accountIds;
export const breakGlassRoleArns = landingZone.breakGlassRoleArns;
