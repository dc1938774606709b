import { loadStackConfig } from "./stacks/config";
import { buildLandingZone } from "./stacks/landing-zone";

/**
 * The program, as the Node.js language host runs it: it calls the exported function and awaits the
 * stack outputs, so the landing zone is built asynchronously and its registrations stream out.
 */
export = async () => {
    // Config is validated in full before any resource is registered.
    const landingZone = await buildLandingZone(loadStackConfig());
    return {
        organizationId: landingZone.organizationId,
        accountIds: landingZone.accountIds,
        breakGlassRoleArns: landingZone.breakGlassRoleArns,
    };
};
