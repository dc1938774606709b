import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";

/** A resource registered under the mocks, with the inputs the program gave it. */
export interface CapturedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly provider?: string;
}

/** The validated config of a stack file in the repository. */
export function stackConfig(stack: "dev" | "prod"): LandingZoneConfig {
    const file = parse(readFileSync(join(__dirname, "..", "..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return parseLandingZoneConfig(namespacedConfig(file.config), `Pulumi.${stack}.yaml`);
}

/** Lets pending registrations reach the mocks. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
